import type { MiddlewareHandler } from 'hono';
import type { Metrics } from '../metrics/metrics.ts';
import type { checkTargets } from '../targets/targets.ts';

/**
 * GET /metrics: outside /api and without identity, as Prometheus scrapes. It holds counts by
 * action, risk, outcome and target only (see deploy/README.md, "Who may read /metrics").
 */
export function metricsEndpoint(
  metrics: Metrics,
  targetChecks: () => ReturnType<typeof checkTargets>,
): MiddlewareHandler {
  return async function metricsHandler(c) {
    metrics.observeTargets(await targetChecks());
    return c.body(await metrics.registry.metrics(), 200, {
      'content-type': metrics.registry.contentType,
    });
  };
}
