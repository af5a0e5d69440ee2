import type { V1Deployment } from '@kubernetes/client-node';
import { z } from 'zod';
import { ActionError } from '../../errors.ts';
import type { KubeApi } from '../../targets/kubernetes.ts';
import { defineAction, type ActionContext } from '../define-action.ts';
import type { Preview } from '../types.ts';
import { changesBetween, describeChange } from './shared/changes.ts';
import { DRY_RUN, patchAs } from './shared/patch.ts';
import { parseQuantity } from './shared/quantity.ts';
import {
  deploymentNameSchema,
  namespaceSchema,
  quantitySchema,
  requiredContainerNameSchema,
} from './shared/schemas.ts';

const amounts = z
  .strictObject({
    cpu: quantitySchema('cpu').optional(),
    memory: quantitySchema('memory').optional(),
  })
  .optional();

const input = z
  .strictObject({
    namespace: namespaceSchema.optional(),
    name: deploymentNameSchema,
    container: requiredContainerNameSchema,
    requests: amounts.describe('What the scheduler reserves, e.g. cpu 2000m, memory 2Gi'),
    limits: amounts.describe(
      'The most it may use, e.g. cpu 4000m, memory 4Gi (over it: OOMKilled)',
    ),
  })
  .refine(
    (value) =>
      [value.requests?.cpu, value.requests?.memory, value.limits?.cpu, value.limits?.memory].some(
        Boolean,
      ),
    { message: 'give at least one request or limit', path: ['limits'] },
  )
  .refine((value) => notOver(value.requests?.cpu, value.limits?.cpu), {
    message: 'the CPU request is over the CPU limit',
    path: ['requests', 'cpu'],
  })
  .refine((value) => notOver(value.requests?.memory, value.limits?.memory), {
    message: 'the memory request is over the memory limit',
    path: ['requests', 'memory'],
  });
type Input = z.output<typeof input>;

function notOver(request: string | undefined, limit: string | undefined): boolean {
  if (!request || !limit) return true;
  return parseQuantity(request)! <= parseQuantity(limit)!;
}

/** A strategic merge patch of one container's resources: other containers and fields stay. */
function patch(kube: KubeApi, namespace: string, request: Input, dryRun: boolean) {
  const resources: Record<string, Record<string, string | undefined>> = {};
  if (request.requests) resources['requests'] = { ...request.requests };
  if (request.limits) resources['limits'] = { ...request.limits };
  return kube.apps.patchNamespacedDeployment(
    {
      name: request.name,
      namespace,
      body: {
        spec: { template: { spec: { containers: [{ name: request.container, resources }] } } },
      },
      ...(dryRun ? { dryRun: DRY_RUN } : {}),
    },
    patchAs('StrategicMergePatch'),
  );
}

function resourcesOf(deployment: V1Deployment, container: string) {
  return deployment.spec?.template.spec?.containers.find((c) => c.name === container)?.resources;
}

async function preview(ctx: ActionContext, request: Input): Promise<Preview> {
  return ctx.targets.kubernetes.call(ctx, async (kube) => {
    const namespace = request.namespace ?? kube.namespace;
    const current = await kube.apps.readNamespacedDeployment({ name: request.name, namespace });
    const containers = current.spec?.template.spec?.containers.map((c) => c.name) ?? [];
    if (!containers.includes(request.container)) {
      // A strategic merge would add a new, invalid container instead.
      throw new ActionError(
        'not_found',
        `Deployment ${request.name} has no container "${request.container}"; its containers: ${containers.join(', ')}.`,
      );
    }
    const after = await patch(kube, namespace, request, true);
    const changes = changesBetween(
      resourcesOf(current, request.container),
      resourcesOf(after, request.container),
      `containers[${request.container}].resources`,
    );
    const replicas = current.spec?.replicas ?? 1;
    return {
      summary: `Change the resources of container ${request.container} in deployment ${request.name} (${namespace}): ${changes.map(describeChange).join(', ') || 'no change'}`,
      affected: [{ kind: 'Deployment', namespace, name: request.name, replicas }],
      warnings: [
        `Changing the pod template starts a rolling update: all ${replicas} pod(s) are replaced, a few at a time.`,
      ],
      details: { dryRun: true, changes, diff: changes.map(describeChange) },
      ...(changes.length === 0
        ? {
            blocked: `Container ${request.container} already has these resources: nothing to change.`,
          }
        : {}),
    };
  });
}

export default defineAction({
  id: 'kubernetes.deployment.setResources',
  title: 'Set container resources',
  summary:
    'Sets the CPU and memory requests and limits of one container of a deployment (what kubectl edit does for resources), which rolls its pods; the preview is the API server’s dry run, as a diff.',
  risk: 'write',
  input,
  preview,
  async run(ctx, request) {
    return ctx.targets.kubernetes.call(ctx, async (kube) => {
      const namespace = request.namespace ?? kube.namespace;
      const before = await kube.apps.readNamespacedDeployment({ name: request.name, namespace });
      const after = await patch(kube, namespace, request, false);
      const changes = changesBetween(
        resourcesOf(before, request.container),
        resourcesOf(after, request.container),
        `containers[${request.container}].resources`,
      );
      return {
        namespace,
        deployment: request.name,
        container: request.container,
        resources: resourcesOf(after, request.container) ?? {},
        changes,
        generation: after.metadata?.generation ?? null,
        next: 'kubernetes.deployment.rolloutStatus follows the rolling update.',
      };
    });
  },
});
