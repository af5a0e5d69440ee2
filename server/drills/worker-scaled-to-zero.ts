import { defineDrill } from './define-drill.ts';
import { freshId } from './shared/orders.ts';
import {
  WORKER,
  describeWorker,
  healthyWorker,
  isHealthy,
  readWorker,
  scaleToZero,
} from './shared/deployments.ts';
import { mistakesOf } from './shared/runs.ts';

/**
 * Seed: High Workflow Latency, option A. Someone scaled the workers to zero, so no order moves;
 * the fix is to scale them back up. Rolling back would replace a build that was never the problem.
 */
export default defineDrill({
  id: 'worker-scaled-to-zero',
  title: 'Workers scaled to zero',
  summary:
    'Orders stopped moving: orchestrator-worker runs no pods at all. Find out and scale the workers back up.',
  runbook: 'high-workflow-latency',
  needs: ['kubernetes'],
  async inject(ctx) {
    const before = await healthyWorker(ctx);
    const change = `practice drill ${freshId()}: scaled to 0 during a maintenance`;
    await scaleToZero(ctx, WORKER, change);
    return {
      params: {},
      facts: { replicasBefore: String(before.spec?.replicas ?? 1) },
      briefing: `Orders have stopped completing and the workflow latency alert fired. ${WORKER} ran ${before.spec?.replicas ?? 1} pods an hour ago. Get the orders moving again.`,
    };
  },
  async check(ctx, given, runs) {
    const deployment = await readWorker(ctx);
    const mistakes = mistakesOf(
      runs.filter(
        (run) =>
          run.outcome === 'succeeded' &&
          run.action === 'kubernetes.deployment.rollback' &&
          ((run.input as { name?: string }).name ?? WORKER) === WORKER,
      ),
      'the build was fine, only the replica count was 0: a rollback replaces a good build with an older one.',
    );
    const replicas = deployment.spec?.replicas ?? 0;
    const before = Number(given['replicasBefore']);
    return {
      resolved: isHealthy(deployment),
      status: `${describeWorker(deployment)}.${replicas > 0 && replicas < before ? ` It ran ${before} before.` : ''}`,
      mistakes,
    };
  },
});
