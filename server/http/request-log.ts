import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { Actor } from '../auth/actor.ts';
import type { RequestIdVariables } from './request-ids.ts';

/** One structured log line per API request: its id, the caller's id for it, and who asked. */
export function requestLog(
  log: Logger,
): MiddlewareHandler<{ Variables: RequestIdVariables & { actor?: Actor } }> {
  return async function requestLogMiddleware(c, next) {
    if (!c.req.path.startsWith('/api/')) return next();
    const started = performance.now();
    await next();
    const { actor, clientRequestId } = c.var;
    log.info(
      {
        requestId: c.get('requestId'),
        ...(clientRequestId ? { clientRequestId } : {}),
        // Unset when the request was refused before it was identified.
        actor: actor?.id ?? null,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round(performance.now() - started),
      },
      'request',
    );
  };
}
