import { Hono } from 'hono';
import { grantApproval, listApprovals } from '../../approvals/approvals.ts';
import { roleFirst } from '../role-first.ts';
import type { ApiDeps, ApiEnv } from '../api-env.ts';
import { trailReader } from '../trail-reader.ts';

/** The two-person rule's requests and their approval (mounted at /approvals). */
export function approvalRoutes(deps: ApiDeps) {
  const { audit, environment, identity, policy, targets } = deps;
  return new Hono<ApiEnv>()
    .get('/', trailReader({ environment, identity }), async (c) =>
      c.json({ approvals: await listApprovals(audit, environment) }),
    )
    .post('/:id/approve', ...roleFirst(deps, 'admin', 'Approving a destructive run'), async (c) => {
      const actor = c.get('actor');
      const access = { targets, identity, policy };
      return c.json(await grantApproval(audit, environment, actor, c.req.param('id'), access));
    });
}
