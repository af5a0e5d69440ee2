import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from 'pino';
import { actions, describeAction } from './actions/registry.ts';
import { ActionError } from './errors.ts';
import { requestLog } from './http/request-log.ts';
import { executeRun } from './runs/execute-run.ts';
import { checkTargets, type Targets } from './targets/targets.ts';

export interface AppDeps {
  targets: Targets;
  log: Logger;
  /** The built static site; omitted, only the API is served. */
  siteDir?: string | undefined;
}

const MAX_BODY_BYTES = 256 * 1024;

/** The API: routes only, no business logic. Chained so the typed client (`hc<ApiType>`) sees every route. */
function createApi({ targets, log }: AppDeps) {
  return new Hono()
    .get('/health', (c) => c.json({ status: 'ok' as const }))
    .get('/ready', async (c) => {
      const checks = await checkTargets(targets, c.req.raw.signal);
      const ready = checks.every((check) => check.ok);
      return c.json({ ready, targets: checks }, ready ? 200 : 503);
    })
    .get('/actions', (c) => c.json({ actions: actions.map(describeAction) }))
    .post(
      '/runs',
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: () => {
          throw new ActionError(
            'invalid_body',
            `The request body is over ${MAX_BODY_BYTES / 1024} KiB.`,
            {
              hint: 'Inputs are small JSON objects; send large data by reference instead.',
            },
          );
        },
      }),
      async (c) => {
        const body: unknown = await c.req.json().catch(() => {
          throw new ActionError('invalid_body', 'The request body is not valid JSON.', {
            hint: 'Send {"action": "<action id>", "input": {…}} with Content-Type: application/json.',
          });
        });
        return c.json(await executeRun({ targets, log }, body, c.req.raw.signal));
      },
    );
}

export type ApiType = ReturnType<typeof createApi>;

export function createApp(deps: AppDeps) {
  const { log, siteDir } = deps;
  const app = new Hono();
  app.use(requestId(), secureHeaders(), requestLog(log));
  app.route('/api', createApi(deps));
  app.all('/api/*', () => {
    throw new ActionError('not_found', 'There is no such API route.', {
      hint: 'The API lives under /api: health, ready, actions, runs.',
    });
  });

  if (siteDir && existsSync(siteDir)) {
    app.use('*', serveStatic({ root: siteDir }));
    const notFoundPage = join(siteDir, '404.html');
    app.notFound((c) =>
      existsSync(notFoundPage)
        ? c.html(readFileSync(notFoundPage, 'utf8'), 404)
        : c.text('Not found', 404),
    );
  }

  app.onError((error, c) => {
    if (error instanceof ActionError) return c.json(error.toBody(), error.status);
    if (error instanceof HTTPException) {
      const body = new ActionError('invalid_body', error.message || 'Bad request').toBody();
      return c.json(body, error.status);
    }
    log.error({ err: error, requestId: c.get('requestId') }, 'unhandled error');
    const internal = new ActionError('internal', 'Runsheet hit an unexpected error.', {
      hint: `The server log has the details under request id ${c.get('requestId')}.`,
    });
    return c.json(internal.toBody(), 500);
  });
  return app;
}
