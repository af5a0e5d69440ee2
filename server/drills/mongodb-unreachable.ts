import type { V1Deployment } from '@kubernetes/client-node';
import { rolloutState } from '../actions/kubernetes/shared/rollout.ts';
import { ActionError } from '../errors.ts';
import { defineDrill, type DrillContext } from './define-drill.ts';
import { WORKER, isHealthy, scaleToZero } from './shared/deployments.ts';
import { freshId } from './shared/orders.ts';
import { mistakesOf } from './shared/runs.ts';

const MONGODB = 'mongodb';
/** What proves the workers can reach MongoDB again: the runbook's connection test, or a ping. */
const PROOFS = ['kubernetes.connectivity.check', 'mongo.ping'];

const readMongoDb = (ctx: DrillContext): Promise<V1Deployment> =>
  ctx.kubernetes((kube) =>
    kube.apps.readNamespacedDeployment({ name: MONGODB, namespace: kube.namespace }),
  );

/**
 * Seed: Worker Pod Issues, "Cannot connect to MongoDB". The mongodb deployment runs no pod (a
 * storage migration scaled it to zero and nobody scaled it back): the workers log "failed to
 * connect to MongoDB". Resolved when MongoDB runs again and the trainee proved it answers.
 */
export default defineDrill({
  id: 'mongodb-unreachable',
  title: 'Workers cannot reach MongoDB',
  summary:
    'Workers log "failed to connect to MongoDB" and orders stopped moving. Find out why, bring MongoDB back and prove it answers.',
  runbook: 'worker-pod-issues',
  needs: ['kubernetes', 'mongo'],
  async inject(ctx) {
    const before = await readMongoDb(ctx);
    if (!isHealthy(before)) {
      throw new ActionError(
        'precondition_failed',
        `${MONGODB} is not healthy yet (${rolloutState(before).message}), so a new incident would mix with the old one.`,
        { hint: `Finish the drill in progress (scale ${MONGODB} back up), or reset the sandbox.` },
      );
    }
    const change = `practice drill ${freshId()}: scaled to 0 for a storage migration`;
    await scaleToZero(ctx, MONGODB, change);
    return {
      params: {},
      facts: { replicasBefore: String(before.spec?.replicas ?? 1) },
      briefing: `${WORKER} logs "failed to connect to MongoDB" and no order has moved for ten minutes. Find out why the workers cannot reach MongoDB, bring it back, and prove it answers.`,
    };
  },
  async check(ctx, _given, runs) {
    const deployment = await readMongoDb(ctx);
    const healthy = isHealthy(deployment);
    const succeeded = runs.filter((run) => run.outcome === 'succeeded');
    // The proof must come after the fix: a check run while MongoDB was down proves nothing.
    const fixedAt = succeeded.findLastIndex(
      (run) =>
        run.action === 'kubernetes.deployment.scale' &&
        (run.input as { name?: string }).name === MONGODB,
    );
    const proven = succeeded.slice(fixedAt + 1).some((run) => PROOFS.includes(run.action));
    const rollout = rolloutState(deployment);
    return {
      resolved: healthy && proven,
      status: `${MONGODB} has ${rollout.available} of ${rollout.replicas} replicas available.${healthy && !proven ? ' Now prove the workers can reach it: run the connection test.' : ''}`,
      mistakes: mistakesOf(
        succeeded.filter(
          (run) =>
            ['kubernetes.pod.restart', 'kubernetes.deployment.rollback'].includes(run.action) &&
            JSON.stringify(run.input).includes(WORKER),
        ),
        'the workers were fine: MongoDB had no pod to answer them, and restarting or rolling them back drops their work in flight.',
      ),
    };
  },
});
