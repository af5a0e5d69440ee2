import type { IncomingMessage } from 'node:http';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { Actor } from './actor.ts';
import { ActionError } from '../errors.ts';
import type { IdentityConfig } from './auth-config.ts';
import { tokenMatcher } from './tokens.ts';

export type IdentityVariables = { actor: Actor };

/** The address the request came from; undefined when there is no socket (in-process requests). */
function remoteAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/** How many times the client sent a header, from the raw request (0 for in-process requests). */
function timesSent(c: Context, name: string): number {
  const raw = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.rawHeaders ?? [];
  const lower = name.toLowerCase();
  return raw.filter((value, index) => index % 2 === 0 && value.toLowerCase() === lower).length;
}

/**
 * Establishes who is making the request, once, for every /api route. The rest of the server
 * only ever sees `actor`; nothing the browser says about itself is believed otherwise.
 */
export function identify(
  config: IdentityConfig,
): MiddlewareHandler<{ Variables: IdentityVariables }> {
  const actorOfToken = tokenMatcher(config.tokens);
  const unidentified = (message: string, hint: string) =>
    new ActionError('unauthenticated', message, { hint });

  function fromProxy(c: Context): Actor {
    const from = remoteAddress(c);
    if (!from || !config.proxy.trustedProxies.includes(from)) {
      throw unidentified(
        `Requests must come through the authenticating proxy; this one came from ${from ?? 'an unknown address'}.`,
        'Open Runsheet through its usual address.',
      );
    }
    for (const name of [config.proxy.userHeader, config.proxy.groupsHeader]) {
      if (timesSent(c, name) > 1) {
        // Fetch's Headers would join them with commas: a second user or group list appended by
        // someone the proxy passed through must not merge into what the proxy said.
        throw unidentified(
          `The request carries ${name} more than once, so who sent it is unclear.`,
          'The proxy must set the identity headers once, replacing any the client sent.',
        );
      }
    }
    const user = c.req.header(config.proxy.userHeader)?.trim();
    if (!user)
      throw unidentified(
        'The proxy did not say who you are.',
        `The proxy must set ${config.proxy.userHeader}.`,
      );
    const groups = (c.req.header(config.proxy.groupsHeader) ?? '')
      .split(',')
      .map((group) => group.trim())
      .filter(Boolean);
    return { id: user, groups };
  }

  function fromToken(c: Context): Actor {
    const presented = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
    if (!presented)
      throw unidentified(
        'This Runsheet needs a bearer token.',
        'Send Authorization: Bearer <token>.',
      );
    const actor = actorOfToken(presented);
    if (!actor)
      throw unidentified(
        'That token is not valid here.',
        'Ask an admin for a token, or check it was copied whole.',
      );
    return actor;
  }

  const localActor: Actor = { id: config.localUser, groups: [] };
  const actorOf = (c: Context) =>
    config.mode === 'proxy' ? fromProxy(c) : config.mode === 'token' ? fromToken(c) : localActor;
  return async function identifyMiddleware(c, next) {
    if (PROBES.has(c.req.path)) {
      // The kubelet's probes carry no identity: they pass, and /api/ready tells them less. Nor is
      // anyone identified through a name that is not this server's (host-check.ts).
      if ((c.var as { hostRefused?: boolean }).hostRefused) return next();
      const actor = tryIdentify(() => actorOf(c));
      if (actor) c.set('actor', actor);
      return next();
    }
    c.set('actor', actorOf(c));
    await next();
  };
}

function tryIdentify(identifyActor: () => Actor): Actor | undefined {
  try {
    return identifyActor();
  } catch {
    return undefined;
  }
}

/** Liveness and readiness: answered to anyone, so an orchestrator can probe without credentials. */
export const PROBES = new Set(['/api/health', '/api/ready']);
