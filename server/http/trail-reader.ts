import type { MiddlewareHandler } from 'hono';
import { requireRole } from '../auth/policy.ts';
import type { ApiDeps, ApiEnv } from './api-env.ts';

/**
 * The trail says who did what, where and why: reading any of it (runs, incidents, approvals, drill
 * attempts) needs at least the viewer role here, so someone identified but granted nothing reads
 * nothing.
 */
export function trailReader({
  environment,
  identity,
}: Pick<ApiDeps, 'environment' | 'identity'>): MiddlewareHandler<ApiEnv> {
  return async function trailReaderMiddleware(c, next) {
    requireRole(c.get('actor'), 'viewer', environment, identity, 'Reading the audit trail');
    await next();
  };
}
