import { Hono } from 'hono';
import { z } from 'zod';
import { ActionError } from '../../errors.ts';
import type { ApiDeps, ApiEnv } from '../api-env.ts';
import { jsonInput } from '../json-body.ts';
import { drillRoleFirst } from '../role-first.ts';

/**
 * GET /api/sandbox: what the site's banner shows (building / starting / ready / failed, per target);
 * `running: false` where this backend runs no sandbox. POST /api/sandbox/reset: the world back to
 * its incidents without a restart, for whoever may run drills here (mounted at /sandbox).
 */
export function sandboxRoutes(deps: ApiDeps) {
  const { sandbox, environment } = deps;
  return new Hono<ApiEnv>()
    .get('/', (c) =>
      c.json({ running: Boolean(sandbox), environment, targets: sandbox?.statuses() ?? [] }),
    )
    .post(
      '/reset',
      ...drillRoleFirst(deps, 'Resetting the sandbox'),
      jsonInput(z.strictObject({}), 'sandbox reset'),
      async (c) => {
        if (!sandbox) {
          throw new ActionError('target_not_configured', 'This backend runs no sandbox to reset.', {
            hint: '`npm start` with no target configured runs one.',
          });
        }
        return c.json({ reset: await sandbox.reset() });
      },
    );
}
