import type { MiddlewareHandler } from 'hono';
import type { Role } from '../auth/auth-config.ts';
import type { IdentityVariables } from '../auth/identify.ts';
import { authorizeDrill, requireRole } from '../auth/policy.ts';
import type { ApiDeps } from './api-env.ts';
import { bodySizeLimit } from './body-limit.ts';

type Guard = MiddlewareHandler<{ Variables: IdentityVariables }>;

/**
 * A route's role check, before its body is read: someone who may not do this learns so without
 * Runsheet reading (or parsing) what they sent. Then the body limit.
 */
export function roleFirst(
  { environment, identity }: Pick<ApiDeps, 'environment' | 'identity'>,
  role: Role,
  what: string,
): [Guard, Guard] {
  const guard: Guard = async function roleFirstMiddleware(c, next) {
    requireRole(c.get('actor'), role, environment, identity, what);
    await next();
  };
  return [guard, bodySizeLimit()];
}

/** As roleFirst, for drills: the sandbox only, and the operator role there. */
export function drillRoleFirst(
  { environment, identity }: Pick<ApiDeps, 'environment' | 'identity'>,
  what: string,
): [Guard, Guard] {
  const guard: Guard = async function drillRoleFirstMiddleware(c, next) {
    authorizeDrill(c.get('actor'), environment, identity, what);
    await next();
  };
  return [guard, bodySizeLimit()];
}
