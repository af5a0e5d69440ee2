import { existsSync } from 'node:fs';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { refusalRecorder } from './audit/refusals.ts';
import { identify } from './auth/identify.ts';
import { ActionError } from './errors.ts';
import type { ApiDeps, ApiEnv, AppDeps } from './http/api-env.ts';
import { declaredBodyLimit } from './http/body-limit.ts';
import { contentSecurityPolicy } from './http/content-security-policy.ts';
import { errorResponse } from './http/error-response.ts';
import { hostCheck } from './http/host-check.ts';
import { metricsEndpoint } from './http/metrics-route.ts';
import { originCheck } from './http/origin-check.ts';
import { noteRefusal } from './http/refusal-log.ts';
import { requestIds } from './http/request-ids.ts';
import { requestLog } from './http/request-log.ts';
import { approvalRoutes } from './http/routes/approvals.ts';
import { auditRoutes } from './http/routes/audit.ts';
import { drillRoutes } from './http/routes/drills.ts';
import { incidentRoutes } from './http/routes/incidents.ts';
import { metaRoutes } from './http/routes/meta.ts';
import { incidentPage, notebookRoutes } from './http/routes/notebook.ts';
import { runRoutes } from './http/routes/runs.ts';
import { sandboxRoutes } from './http/routes/sandbox.ts';
import { serveSite } from './http/static-site.ts';
import { createMetrics } from './metrics/metrics.ts';
import { cachedTargetChecks } from './metrics/target-checks.ts';
import { inFlightCap, rateLimit } from './runs/rate-limit.ts';

export type { AppDeps } from './http/api-env.ts';

/**
 * The API: one route module per concern, joined with `.route()` in one chain so the typed client
 * (`hc<ApiType>`) sees every route.
 */
function createApi(deps: ApiDeps) {
  return new Hono<ApiEnv>()
    .route('/', metaRoutes(deps))
    .route('/', runRoutes(deps))
    .route('/audit', auditRoutes(deps))
    .route('/incidents', incidentRoutes(deps))
    .route('/approvals', approvalRoutes(deps))
    .route('/drills', drillRoutes(deps))
    .route('/sandbox', sandboxRoutes(deps))
    .route('/', notebookRoutes(deps));
}

export type ApiType = ReturnType<typeof createApi>;

/** The whole server: middleware in the order a request meets it, /metrics, /api, then the site. */
export function createApp(appDeps: AppDeps) {
  const metrics = appDeps.metrics ?? createMetrics();
  const { log, siteDir, identity, audit, environment, policy } = appDeps;
  const deps: ApiDeps = {
    ...appDeps,
    metrics,
    rateLimit: rateLimit(policy.writeRunsPerMinute),
    readsInFlight: inFlightCap(policy.readRunsInFlight),
    refusals: appDeps.refusals ?? refusalRecorder(audit, environment, log),
    targetChecks: cachedTargetChecks(appDeps.targets),
  };
  const app = new Hono<ApiEnv>();
  app.use(
    requestIds(),
    secureHeaders({ contentSecurityPolicy: contentSecurityPolicy(siteDir) }),
    requestLog(log),
  );
  app.get('/metrics', metricsEndpoint(metrics, deps.targetChecks));
  // The Host before the Origin: the CSRF check trusts a Host a rebound DNS name can choose.
  app.use(
    '/api/*',
    hostCheck(appDeps.allowedHosts),
    originCheck(),
    identify(identity),
    declaredBodyLimit(),
  );
  app.route('/api', createApi(deps));
  app.all('/api/*', () => {
    throw new ActionError('not_found', 'There is no such API route.', {
      hint: 'The API lives under /api: health, ready, actions, runs.',
    });
  });
  app.get('/incidents/:id/', incidentPage(siteDir));
  if (siteDir && existsSync(siteDir)) serveSite(app, siteDir);

  app.onError(async (error, c) => {
    const { status, body } = errorResponse(error, log, c.get('requestId'));
    await noteRefusal(deps.refusals, c, body);
    return c.json(body, status);
  });
  return app;
}
