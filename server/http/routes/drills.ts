import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { authorizeDrill } from '../../auth/policy.ts';
import { attemptReport, checkAttempt, listAttempts, startAttempt } from '../../drills/attempts.ts';
import { availableDrill, describeDrills, drillContext } from '../../drills/catalog.ts';
import type { ApiDeps, ApiEnv } from '../api-env.ts';
import { jsonInput } from '../json-body.ts';
import { trailReader } from '../trail-reader.ts';

/** Drill starts and checks take no options yet: an empty JSON object, so CSRF rules treat them as API calls. */
const noOptions = z.strictObject({});

/** Practice incidents in the sandbox: the catalogue, attempts and their checks (mounted at /drills). */
export function drillRoutes({ audit, environment, identity, targets, sandboxTaskQueue }: ApiDeps) {
  const sandbox = (c: Context<ApiEnv>) =>
    drillContext(targets, sandboxTaskQueue, c.get('actor'), c.req.raw.signal);
  const reader = trailReader({ environment, identity });
  return new Hono<ApiEnv>()
    .get('/', (c) => c.json({ environment, drills: describeDrills(targets, environment) }))
    .post('/:id/start', jsonInput(noOptions, 'drill start'), async (c) => {
      const actor = c.get('actor');
      authorizeDrill(actor, environment, identity, 'Starting a drill');
      const drill = availableDrill(c.req.param('id'), targets, environment);
      return c.json(await startAttempt(audit, environment, actor, drill, sandbox(c)), 201);
    })
    .get('/attempts', reader, async (c) =>
      c.json({ attempts: await listAttempts(audit, environment) }),
    )
    .get('/attempts/:id', reader, async (c) =>
      c.json(await attemptReport(audit, environment, c.req.param('id'))),
    )
    .post('/attempts/:id/check', jsonInput(noOptions, 'drill check'), async (c) => {
      const actor = c.get('actor');
      authorizeDrill(actor, environment, identity, 'Checking a drill');
      return c.json(await checkAttempt(audit, environment, actor, c.req.param('id'), sandbox(c)));
    });
}
