import type { MiddlewareHandler } from 'hono';
import type { Actor } from '../actions/define-action.ts';
import type { Config } from '../config.ts';

export type IdentityVariables = { actor: Actor };

/**
 * Establishes who is making the request. `local` mode: the one local user of this machine.
 * (Proxy and token modes come with the policy work; the rest of the server only sees `actor`.)
 */
export function identify(
  config: Config['identity'],
): MiddlewareHandler<{ Variables: IdentityVariables }> {
  const localActor: Actor = { id: config.localUser };
  return async function identifyMiddleware(c, next) {
    c.set('actor', localActor);
    await next();
  };
}
