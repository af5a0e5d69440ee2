import type { V1Deployment } from '@kubernetes/client-node';
import { patchAs } from '../../actions/kubernetes/shared/patch.ts';
import { rolloutState } from '../../actions/kubernetes/shared/rollout.ts';
import { ActionError } from '../../errors.ts';
import type { DrillContext } from '../define-drill.ts';

/** The WMS worker deployment the seed's Kubernetes runbooks act on. */
export const WORKER = 'orchestrator-worker';

export async function readWorker(ctx: DrillContext): Promise<V1Deployment> {
  return ctx.kubernetes((kube) =>
    kube.apps.readNamespacedDeployment({ name: WORKER, namespace: kube.namespace }),
  );
}

export const imageOf = (deployment: V1Deployment) =>
  deployment.spec?.template.spec?.containers[0]?.image ?? '';

/** Every replica of the current template available, and at least one of them. */
export function isHealthy(deployment: V1Deployment): boolean {
  const rollout = rolloutState(deployment);
  return (
    rollout.state === 'complete' && rollout.replicas > 0 && rollout.available >= rollout.replicas
  );
}

/**
 * Two drills on one deployment at once would judge each other's fixes: a drill starts only from a
 * healthy worker deployment.
 */
export async function healthyWorker(ctx: DrillContext): Promise<V1Deployment> {
  const deployment = await readWorker(ctx);
  if (!isHealthy(deployment)) {
    throw new ActionError(
      'precondition_failed',
      `${WORKER} is not healthy yet (${rolloutState(deployment).message}), so a new incident would mix with the old one.`,
      {
        hint: `Finish the drill in progress on ${WORKER} (roll back or scale it up), then start again.`,
      },
    );
  }
  return deployment;
}

/** How the worker stands, in one sentence for the check. */
export function describeWorker(deployment: V1Deployment): string {
  const rollout = rolloutState(deployment);
  return `${WORKER} runs ${imageOf(deployment)} with ${rollout.available} of ${rollout.replicas} replicas available (${rollout.message})`;
}

/** The incident of two drills: a deployment scaled to 0, with the change-cause a person would leave. */
export async function scaleToZero(ctx: DrillContext, name: string, change: string): Promise<void> {
  await ctx.kubernetes(async (kube) => {
    await kube.apps.patchNamespacedDeployment(
      {
        name,
        namespace: kube.namespace,
        body: { metadata: { annotations: { 'kubernetes.io/change-cause': change } } },
      },
      patchAs('MergePatch'),
    );
    await kube.apps.patchNamespacedDeploymentScale(
      { name, namespace: kube.namespace, body: { spec: { replicas: 0 } } },
      patchAs('MergePatch'),
    );
  });
}
