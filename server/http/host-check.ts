import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { PROBES } from '../auth/identify.ts';
import { ActionError } from '../errors.ts';

/** The names a browser on this machine uses for it: all DNS rebinding cannot forge. */
export const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

/** The port the request reached, from its socket; undefined for in-process requests (tests, no network). */
function localPort(c: Context): number | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.localPort;
}

const withoutPort = (host: string) => host.replace(/:\d+$/, '');
const hostOf = (c: Context) =>
  (c.req.header('host') ?? new URL(c.req.url).host).toLowerCase().replace(/\.(:\d+)?$/, '$1');

/**
 * Whether `host` names this server: a loopback name at the port the request reached (bare on port
 * 80), or a configured host (`name`, any port; `name:port`, that port).
 */
export function hostAllowed(host: string, port: number | undefined, configured: string[]): boolean {
  const name = withoutPort(host);
  if (LOOPBACK_NAMES.some((loopback) => loopback === name)) {
    if (port === undefined) return true;
    return host === `${name}:${port}` || (port === 80 && host === name);
  }
  return configured.some((allowed) => allowed === host || allowed === name);
}

/**
 * Refuses a request whose Host header is not one of this server's names, before the CSRF check
 * (which compares Origin with Host, and so is passed by a rebound name whose Origin matches it).
 * Probes pass whatever their Host, as an orchestrator addresses them by the pod's IP, but are then
 * answered as to an unidentified caller (`hostRefused`).
 */
export function hostCheck(configured: string[]): MiddlewareHandler<{
  Variables: { hostRefused?: boolean };
}> {
  return async function hostCheckMiddleware(c, next) {
    const host = hostOf(c);
    if (hostAllowed(host, localPort(c), configured)) return next();
    if (PROBES.has(c.req.path)) {
      c.set('hostRefused', true);
      return next();
    }
    throw new ActionError(
      'host_not_allowed',
      `Refused: this Runsheet does not answer to the name ${JSON.stringify(host.slice(0, 100))}.`,
      {
        hint: `Open it as http://127.0.0.1:<port>/ (or localhost), or add the name to server.allowedHosts (RUNSHEET_ALLOWED_HOSTS).`,
      },
    );
  };
}
