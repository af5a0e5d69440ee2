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
      // The kubelet's probes carry no identity: they pass, and /api/ready tells them less.
      const actor = tryIdentify(() => actorOf(c));
      if (actor) c.set('actor', actor);
      return next();
    }
    c.set('actor', actorOf(c));
    await next();
  };
}

/** Liveness and readiness: answered to anyone, so an orchestrator can probe without credentials. */
const PROBES = new Set(['/api/health', '/api/ready']);

function tryIdentify(identifyActor: () => Actor): Actor | undefined {
  try {
    return identifyActor();
  } catch {
    return undefined;
  }
}
