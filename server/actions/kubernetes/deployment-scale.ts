import { z } from 'zod';
import type { KubeApi } from '../../targets/kubernetes.ts';
import { defineAction, type ActionContext } from '../define-action.ts';
import type { Preview } from '../types.ts';
import { changesBetween, describeChange } from './shared/changes.ts';
import { DRY_RUN, patchAs } from './shared/patch.ts';
import { deploymentNameSchema, namespaceSchema } from './shared/schemas.ts';

const MAX_REPLICAS = 100;

const input = z.strictObject({
  namespace: namespaceSchema.optional(),
  name: deploymentNameSchema,
  replicas: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_REPLICAS, `at most ${MAX_REPLICAS} replicas from a runbook`)
    .describe('How many pods it should run, e.g. 5'),
});
type Input = z.output<typeof input>;

/** The scale subresource, patched: exactly what `kubectl scale --replicas` sends. */
function scale(kube: KubeApi, namespace: string, { name, replicas }: Input, dryRun: boolean) {
  return kube.apps.patchNamespacedDeploymentScale(
    { name, namespace, body: { spec: { replicas } }, ...(dryRun ? { dryRun: DRY_RUN } : {}) },
    patchAs('MergePatch'),
  );
}

async function preview(ctx: ActionContext, request: Input): Promise<Preview> {
  return ctx.targets.kubernetes.call(ctx, async (kube) => {
    const namespace = request.namespace ?? kube.namespace;
    const deployment = await kube.apps.readNamespacedDeployment({ name: request.name, namespace });
    const before = deployment.spec?.replicas ?? 1;
    // The server's dry run, not our guess: admission (quotas, policies) has its say.
    const after = await scale(kube, namespace, request, true);
    const changes = changesBetween({ spec: { replicas: before } }, { spec: after.spec });
    const summary = `Scale deployment ${request.name} in ${namespace} from ${before} to ${after.spec?.replicas} replicas`;
    const warnings: string[] = [];
    if (request.replicas === 0) {
      warnings.push(
        '0 replicas stops every pod: the service answers nothing until scaled up again.',
      );
    }
    if (request.replicas < before) {
      warnings.push(
        `${before - request.replicas} pod(s) will be stopped, with their in-flight work.`,
      );
    }
    return {
      summary,
      affected: [
        {
          kind: 'Deployment',
          namespace,
          name: request.name,
          replicas: before,
          readyReplicas: deployment.status?.readyReplicas ?? 0,
        },
      ],
      warnings,
      details: { dryRun: true, changes, diff: changes.map(describeChange) },
      ...(changes.length === 0
        ? {
            blocked: `Deployment ${request.name} already has ${before} replicas: nothing to change.`,
          }
        : {}),
    };
  });
}

export default defineAction({
  id: 'kubernetes.deployment.scale',
  title: 'Scale deployment',
  summary:
    'Sets how many pods a deployment runs (kubectl scale --replicas); the preview is the API server’s dry run of the change.',
  risk: 'write',
  input,
  preview,
  async run(ctx, request) {
    return ctx.targets.kubernetes.call(ctx, async (kube) => {
      const namespace = request.namespace ?? kube.namespace;
      const before = await kube.apps.readNamespacedDeploymentScale({
        name: request.name,
        namespace,
      });
      const after = await scale(kube, namespace, request, false);
      return {
        namespace,
        deployment: request.name,
        replicasBefore: before.spec?.replicas ?? 0,
        replicasAfter: after.spec?.replicas ?? 0,
        next: 'kubernetes.deployment.rolloutStatus shows when the new pods are ready.',
      };
    });
  },
});
