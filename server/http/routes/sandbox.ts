import { Hono } from 'hono';
import { z } from 'zod';
import { authorizeDrill } from '../../auth/policy.ts';
import { ActionError } from '../../errors.ts';
import type { ApiDeps, ApiEnv } from '../api-env.ts';
import { jsonInput } from '../json-body.ts';

/**
 * GET /api/sandbox: what the site's banner shows (building / starting / ready / failed, per target);
 * `running: false` where this backend runs no sandbox. POST /api/sandbox/reset: the world back to
 * its incidents without a restart, for whoever may run drills here (mounted at /sandbox).
 */
export function sandboxRoutes({ sandbox, environment, identity }: ApiDeps) {
  return new Hono<ApiEnv>()
    .get('/', (c) =>
      c.json({ running: Boolean(sandbox), environment, targets: sandbox?.statuses() ?? [] }),
    )
    .post('/reset', jsonInput(z.strictObject({}), 'sandbox reset'), async (c) => {
      authorizeDrill(c.get('actor'), environment, identity, 'Resetting the sandbox');
      if (!sandbox) {
        throw new ActionError('target_not_configured', 'This backend runs no sandbox to reset.', {
          hint: '`npm start` with no target configured runs one.',
        });
      }
      return c.json({ reset: await sandbox.reset() });
    });
}
