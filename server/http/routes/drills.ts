import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { attemptReport, checkAttempt, listAttempts, startAttempt } from '../../drills/attempts.ts';
import { availableDrill, describeDrills, drillContext } from '../../drills/catalog.ts';
import type { ApiDeps, ApiEnv } from '../api-env.ts';
import { jsonInput } from '../json-body.ts';
import { drillRoleFirst } from '../role-first.ts';
import { trailReader } from '../trail-reader.ts';

/** Drill starts and checks take no options yet: an empty JSON object, so CSRF rules treat them as API calls. */
const noOptions = z.strictObject({});

/** Practice incidents in the sandbox: the catalogue, attempts and their checks (mounted at /drills). */
export function drillRoutes(deps: ApiDeps) {
  const { audit, environment, identity, targets, sandboxTaskQueue } = deps;
  const sandbox = (c: Context<ApiEnv>) =>
    drillContext(targets, sandboxTaskQueue, c.get('actor'), c.req.raw.signal);
  const reader = trailReader({ environment, identity });
  return new Hono<ApiEnv>()
    .get('/', (c) => c.json({ environment, drills: describeDrills(targets, environment) }))
    .post(
      '/:id/start',
      ...drillRoleFirst(deps, 'Starting a drill'),
      jsonInput(noOptions, 'drill start'),
      async (c) => {
        const actor = c.get('actor');
        const drill = availableDrill(c.req.param('id'), targets, environment);
        return c.json(await startAttempt(audit, environment, actor, drill, sandbox(c)), 201);
      },
    )
    .get('/attempts', reader, async (c) =>
      c.json({ attempts: await listAttempts(audit, environment) }),
    )
    .get('/attempts/:id', reader, async (c) =>
      c.json(await attemptReport(audit, environment, c.req.param('id'))),
    )
    .post(
      '/attempts/:id/check',
      ...drillRoleFirst(deps, 'Checking a drill'),
      jsonInput(noOptions, 'drill check'),
      async (c) => {
        const actor = c.get('actor');
        return c.json(await checkAttempt(audit, environment, actor, c.req.param('id'), sandbox(c)));
      },
    );
}
