import { podChoices } from './choices/pod-choices.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { validator } from 'hono/validator';
import { z } from 'zod';
import { requestId, type RequestIdVariables } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { streamSSE } from 'hono/streaming';
import { actions, describeAction } from './actions/registry.ts';
import type { Action } from './actions/define-action.ts';
import { identify, type IdentityVariables } from './auth/identify.ts';
import { authorizeDrill, decide, permissionsOf, requireRole, scopeOf } from './auth/policy.ts';
import { attemptReport, checkAttempt, listAttempts, startAttempt } from './drills/attempts.ts';
import { availableDrill, describeDrills, drillContext } from './drills/catalog.ts';
import { TASK_QUEUE } from '../sandbox/shared.ts';
import {
  closeIncidentSchema,
  endIncident,
  listIncidents,
  openIncidentSchema,
  startIncident,
} from './incidents/incidents.ts';
import { incidentTimeline } from './incidents/timeline.ts';
import { grantApproval, listApprovals } from './approvals/approvals.ts';
import { ActionError } from './errors.ts';
import { errorResponse } from './http/error-response.ts';
import { requestLog } from './http/request-log.ts';
import { sandboxRoutes, type SandboxControl } from './http/sandbox-routes.ts';
import { auditQuerySchema } from './audit/audit-query.ts';
import { executeRun, type RunCall, type RunDeps } from './runs/execute-run.ts';
import { rateLimit } from './runs/rate-limit.ts';
import { createMetrics, type Metrics } from './metrics/metrics.ts';
import { cachedTargetChecks } from './metrics/target-checks.ts';
import { checkTargets } from './targets/targets.ts';
import { parseOrThrow } from './validation.ts';

type Env = { Variables: IdentityVariables & RequestIdVariables };

export interface AppDeps extends Omit<RunDeps, 'rateLimit' | 'metrics'> {
  /** The built static site; omitted, only the API is served. */
  siteDir?: string | undefined;
  /** What GET /metrics serves; omitted, the app keeps its own (without process metrics). */
  metrics?: Metrics | undefined;
  /** The task queue the demo WMS worker polls, where drills start their incidents. */
  sandboxTaskQueue?: string | undefined;
  /** The sandbox this backend runs, if any: its targets' phases and its reset. */
  sandbox?: SandboxControl | undefined;
}

const MAX_BODY_BYTES = 256 * 1024;

/** Drill starts and checks take no options yet: an empty JSON object, so CSRF rules treat them as API calls. */
const noOptions = z.strictObject({});

/** The API: routes only, no business logic. Chained so the typed client (`hc<ApiType>`) sees every route. */
function createApi(appDeps: AppDeps & { metrics: Metrics }) {
  const deps: RunDeps = { ...appDeps, rateLimit: rateLimit(appDeps.policy.writeRunsPerMinute) };
  const { targets, log, audit, environment, identity, policy } = deps;
  const drillQueue = appDeps.sandboxTaskQueue ?? TASK_QUEUE;
  const sandbox = (c: Context<Env>) =>
    drillContext(targets, drillQueue, c.get('actor'), c.req.raw.signal);
  return new Hono<Env>()
    .get('/health', (c) => c.json({ status: 'ok' as const }))
    .get('/me', (c) => {
      const actor = c.get('actor');
      const scope = (action: Action) => scopeOf(action, {}, targets);
      const forbidden = Object.fromEntries(
        actions.map((action) => [
          action.id,
          decide({ actor, action, scope: scope(action), environment }, identity, policy).reason,
        ]),
      );
      return c.json({ ...permissionsOf(actor, environment, identity, policy), forbidden });
    })
    .get('/ready', async (c) => {
      const checks = await checkTargets(targets, c.req.raw.signal);
      const ready = checks.every((check) => check.ok);
      // Unidentified callers (probes) learn up or down per target, not addresses or errors.
      const identified = (c.var as { actor?: unknown }).actor !== undefined;
      const shown = identified ? checks : checks.map(({ name, ok }) => ({ name, ok }));
      return c.json({ ready, targets: shown }, ready ? 200 : 503);
    })
    .get('/actions', (c) => c.json({ actions: actions.map(describeAction) }))
    .get('/choices/pods', async (c) =>
      c.json({
        choices: await podChoices(deps, c.get('actor'), c.req.query(), c.req.raw.signal),
      }),
    )
    .get('/audit', async (c) => {
      const query = parseOrThrow(auditQuerySchema, c.req.query(), {
        what: 'audit query',
        hint: 'Filters: actor, action, risk, outcome, runId, incidentId, since, until (ISO times), limit (1–1000).',
      });
      return c.json({ records: await audit.list(query) });
    })
    .get('/incidents', async (c) => c.json({ incidents: await listIncidents(audit, environment) }))
    .post('/incidents', jsonInput(openIncidentSchema, 'incident'), async (c) => {
      const actor = c.get('actor');
      requireRole(actor, 'operator', environment, identity, 'Opening an incident');
      return c.json(await startIncident(audit, environment, actor, c.req.valid('json')), 201);
    })
    .post('/incidents/:id/close', jsonInput(closeIncidentSchema, 'incident closing'), async (c) => {
      const actor = c.get('actor');
      requireRole(actor, 'operator', environment, identity, 'Closing an incident');
      const id = c.req.param('id');
      return c.json(await endIncident(audit, environment, actor, id, c.req.valid('json')));
    })
    .get('/incidents/:id/timeline', async (c) => {
      const id = c.req.param('id');
      const incident = (await listIncidents(audit, environment)).find(
        (candidate) => candidate.id === id,
      );
      if (!incident)
        throw new ActionError('not_found', `There is no incident ${id} in ${environment}.`);
      const records = await audit.list({ incidentId: id, limit: 1000 });
      c.header('content-disposition', `attachment; filename="${id}-timeline.md"`);
      return c.body(incidentTimeline(incident, records), 200, {
        'content-type': 'text/markdown; charset=utf-8',
      });
    })
    .get('/approvals', async (c) => c.json({ approvals: await listApprovals(audit, environment) }))
    .post('/approvals/:id/approve', async (c) => {
      const actor = c.get('actor');
      requireRole(actor, 'admin', environment, identity, 'Approving a destructive run');
      return c.json(await grantApproval(audit, environment, actor, c.req.param('id')));
    })
    .get('/drills', (c) => c.json({ environment, drills: describeDrills(targets, environment) }))
    .post('/drills/:id/start', jsonInput(noOptions, 'drill start'), async (c) => {
      const actor = c.get('actor');
      authorizeDrill(actor, environment, identity, 'Starting a drill');
      const drill = availableDrill(c.req.param('id'), targets, environment);
      return c.json(await startAttempt(audit, environment, actor, drill, sandbox(c)), 201);
    })
    .get('/drills/attempts', async (c) =>
      c.json({ attempts: await listAttempts(audit, environment) }),
    )
    .get('/drills/attempts/:id', async (c) =>
      c.json(await attemptReport(audit, environment, c.req.param('id'))),
    )
    .post('/drills/attempts/:id/check', jsonInput(noOptions, 'drill check'), async (c) => {
      const actor = c.get('actor');
      authorizeDrill(actor, environment, identity, 'Checking a drill');
      return c.json(await checkAttempt(audit, environment, actor, c.req.param('id'), sandbox(c)));
    })
    .route('/sandbox', sandboxRoutes({ sandbox: appDeps.sandbox, environment, identity }))
    .get('/audit/verify', async (c) => {
      const result = await audit.verify();
      return c.json(result, result.ok ? 200 : 409);
    })
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
        const body = await jsonBody(c);
        const call: RunCall = {
          body,
          actor: c.get('actor'),
          signal: c.req.raw.signal,
          requestId: c.get('requestId'),
        };
        if (!c.req.header('accept')?.includes('text/event-stream')) {
          return c.json(await executeRun(deps, call));
        }
        // Long runs stream: `progress` events while they work, then one `result` or `error`.
        return streamSSE(c, async (stream) => {
          const controller = new AbortController();
          stream.onAbort(() => controller.abort());
          const send = (event: string, payload: unknown) =>
            stream.writeSSE({ event, data: JSON.stringify(payload) });
          try {
            const outcome = await executeRun(deps, {
              ...call,
              signal: controller.signal,
              onProgress: (update) => void send('progress', update),
            });
            await send('result', outcome);
          } catch (error) {
            await send('error', errorResponse(error, log, c.get('requestId')).body);
          }
        });
      },
    );
}

export type ApiType = ReturnType<typeof createApi>;

/** A JSON body validated by its schema, typed for the client; errors read `path: message`. */
function jsonInput<S extends z.ZodType>(schema: S, what: string) {
  return validator('json', (value) => parseOrThrow(schema, value, { what }));
}

/** Every POST takes JSON; anything else is refused with what to send instead. */
async function jsonBody(c: Context): Promise<unknown> {
  if (!c.req.header('content-type')?.startsWith('application/json')) {
    throw new ActionError('unsupported_media_type', 'Send the request as JSON.', {
      hint: 'Set Content-Type: application/json.',
    });
  }
  return c.req.json().catch(() => {
    throw new ActionError('invalid_body', 'The request body is not valid JSON.', {
      hint: 'Send {"action": "<action id>", "input": {…}} with Content-Type: application/json.',
    });
  });
}

export function createApp(appDeps: AppDeps) {
  const deps = { ...appDeps, metrics: appDeps.metrics ?? createMetrics() };
  const { log, siteDir, identity, metrics } = deps;
  const app = new Hono<Env>();
  app.use(requestId(), secureHeaders(), requestLog(log));
  // Outside /api and without identity, as Prometheus scrapes: it holds counts by action, risk,
  // outcome and target only (see deploy/README.md, "Who may read /metrics").
  const targetChecks = cachedTargetChecks(deps.targets);
  app.get('/metrics', async (c) => {
    metrics.observeTargets(await targetChecks());
    return c.body(await metrics.registry.metrics(), 200, {
      'content-type': metrics.registry.contentType,
    });
  });
  // Cross-site form posts are refused; JSON requests from another origin are stopped by CORS.
  app.use('/api/*', csrf(), identify(identity));
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
    const { status, body } = errorResponse(error, log, c.get('requestId'));
    return c.json(body, status);
  });
  return app;
}
