import { Hono } from 'hono';
import { auditQuerySchema } from '../../audit/audit-query.ts';
import { parseOrThrow } from '../../validation.ts';
import type { ApiDeps, ApiEnv } from '../api-env.ts';

/** Reading and verifying the trail (mounted at /audit). */
export function auditRoutes({ audit }: ApiDeps) {
  return new Hono<ApiEnv>()
    .get('/', async (c) => {
      const query = parseOrThrow(auditQuerySchema, c.req.query(), {
        what: 'audit query',
        hint: 'Filters: actor, action, risk, outcome, runId, incidentId, since, until (ISO times), limit (1–1000).',
      });
      return c.json({ records: await audit.list(query) });
    })
    .get('/verify', async (c) => {
      const result = await audit.verify();
      return c.json(result, result.ok ? 200 : 409);
    });
}
