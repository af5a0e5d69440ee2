import { Hono } from 'hono';
import { grantApproval, listApprovals } from '../../approvals/approvals.ts';
import { requireRole } from '../../auth/policy.ts';
import type { ApiDeps, ApiEnv } from '../api-env.ts';
import { trailReader } from '../trail-reader.ts';

/** The two-person rule's requests and their approval (mounted at /approvals). */
export function approvalRoutes({ audit, environment, identity, policy, targets }: ApiDeps) {
  return new Hono<ApiEnv>()
    .get('/', trailReader({ environment, identity }), async (c) =>
      c.json({ approvals: await listApprovals(audit, environment) }),
    )
    .post('/:id/approve', async (c) => {
      const actor = c.get('actor');
      requireRole(actor, 'admin', environment, identity, 'Approving a destructive run');
      const access = { targets, identity, policy };
      return c.json(await grantApproval(audit, environment, actor, c.req.param('id'), access));
    });
}
