import { Hono } from 'hono';
import { grantApproval, listApprovals } from '../../approvals/approvals.ts';
import { roleFirst } from '../role-first.ts';
import type { ApiDeps, ApiEnv } from '../api-env.ts';

/** The two-person rule's requests and their approval (mounted at /approvals). */
export function approvalRoutes(deps: ApiDeps) {
  const { audit, environment, identity, policy, targets } = deps;
  return new Hono<ApiEnv>()
    .get('/', async (c) => c.json({ approvals: await listApprovals(audit, environment) }))
    .post('/:id/approve', ...roleFirst(deps, 'admin', 'Approving a destructive run'), async (c) => {
      const access = { targets, identity, policy };
      const [actor, id] = [c.get('actor'), c.req.param('id')];
      return c.json(await grantApproval(audit, environment, actor, id, access));
    });
}
