import { patchAs } from '../actions/kubernetes/shared/patch.ts';
import { defineDrill } from './define-drill.ts';
import { freshId, waitUntil } from './shared/orders.ts';
import {
  WORKER,
  describeWorker,
  healthyWorker,
  imageOf,
  isHealthy,
  readWorker,
} from './shared/deployments.ts';
import { mistakesOf } from './shared/runs.ts';

/**
 * On the sandbox's kwok nodes no image is ever pulled, so a bad build cannot fail by itself: this
 * annotation makes its pods stay Pending, as pods whose image never pulls or never gets ready do
 * (sandbox/kubernetes/pod-stages.yaml).
 */
const NEVER_READY = 'runsheet.test/never-ready';

/**
 * Seed: Deployment Rollback. A new worker build is rolled out and its pods never become ready; the
 * fix is `rollout undo`, back to the revision that worked. Scaling the workers to zero takes down
 * what still runs.
 */
export default defineDrill({
  id: 'bad-deployment',
  title: 'Bad worker deployment to roll back',
  summary:
    'A new orchestrator-worker build was rolled out and its pods never become ready. Roll it back to the revision that worked.',
  runbook: 'deployment-rollback',
  needs: ['kubernetes'],
  async inject(ctx) {
    const before = await healthyWorker(ctx);
    const goodImage = imageOf(before);
    const badImage = `${goodImage.replace(/:[^:/]+$/, '')}:9.9.9-rc-${freshId().toLowerCase()}`;
    const container = before.spec!.template.spec!.containers[0]!.name;
    await ctx.kubernetes((kube) =>
      kube.apps.patchNamespacedDeployment(
        {
          name: WORKER,
          namespace: kube.namespace,
          body: {
            spec: {
              template: {
                metadata: { annotations: { [NEVER_READY]: 'practice drill: a bad build' } },
                spec: { containers: [{ name: container, image: badImage }] },
              },
            },
          },
        },
        patchAs('StrategicMergePatch'),
      ),
    );
    let failedPodName = '';
    await waitUntil(
      ctx,
      async () => {
        const pods = await ctx.kubernetes((kube) =>
          kube.core.listNamespacedPod({
            namespace: kube.namespace,
            labelSelector: `app=${WORKER}`,
          }),
        );
        failedPodName =
          pods.items.find((pod) => pod.spec?.containers[0]?.image === badImage)?.metadata?.name ??
          '';
        return failedPodName !== '';
      },
      { what: `A pod of ${badImage}` },
    );
    return {
      params: { failedPodName },
      facts: { badImage, goodImage },
      briefing: `${WORKER} was just deployed as ${badImage.split(':').at(-1)} and its new pods never become ready (${failedPodName} is one). Get the workers healthy again.`,
    };
  },
  async check(ctx, given, runs) {
    const deployment = await readWorker(ctx);
    const badImage = given['badImage']!;
    const mistakes = mistakesOf(
      runs.filter(
        (run) =>
          run.outcome === 'succeeded' &&
          run.action === 'kubernetes.deployment.scale' &&
          (run.input as { name?: string; replicas?: number }).name === WORKER &&
          (run.input as { replicas?: number }).replicas === 0,
      ),
      'scaling the workers to zero stops every order, including those the old pods still process; roll back instead.',
    );
    const rolledBack = imageOf(deployment) !== badImage;
    const resolved = rolledBack && isHealthy(deployment);
    return {
      resolved,
      status: `${describeWorker(deployment)}.${rolledBack ? '' : ' It still runs the bad build.'}`,
      mistakes,
    };
  },
});
