import { Hono } from 'hono';
import { auditQuerySchema } from '../../audit/audit-query.ts';
import { parseOrThrow } from '../../validation.ts';
import type { ApiDeps, ApiEnv } from '../api-env.ts';
import { trailReader } from '../trail-reader.ts';

/** Reading and verifying the trail (mounted at /audit). */
export function auditRoutes(deps: ApiDeps) {
  const { audit } = deps;
  const reader = trailReader(deps);
  return new Hono<ApiEnv>()
    .get('/', reader, async (c) => {
      const query = parseOrThrow(auditQuerySchema, c.req.query(), {
        what: 'audit query',
        hint: 'Filters: kind, environment, actor, action, risk, outcome, runId, incidentId, since, until (ISO times), limit (1–1000).',
      });
      return c.json({ records: await audit.list(query) });
    })
    .get('/verify', reader, async (c) => {
      const result = await audit.verify();
      return c.json(result, result.ok ? 200 : 409);
    });
}
