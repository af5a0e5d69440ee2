import type { V1Deployment, V1PodTemplateSpec, V1ReplicaSet } from '@kubernetes/client-node';
import { z } from 'zod';
import { ActionError } from '../../errors.ts';
import type { KubeApi } from '../../targets/kubernetes.ts';
import { defineAction, type ActionContext } from '../define-action.ts';
import type { Preview } from '../types.ts';
import { changesBetween, describeChange } from './shared/changes.ts';
import { DRY_RUN, patchAs } from './shared/patch.ts';
import { deploymentNameSchema, namespaceSchema } from './shared/schemas.ts';
import { selectorString } from './shared/selectors.ts';

const REVISION = 'deployment.kubernetes.io/revision';
const HASH_LABEL = 'pod-template-hash';
/** Deployment annotations a rollback keeps rather than copying from the old ReplicaSet (as kubectl). */
const KEEP_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

const input = z.strictObject({
  namespace: namespaceSchema.optional(),
  name: deploymentNameSchema,
  toRevision: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe(
      'Revision to go back to (kubectl rollout history lists them); empty for the previous one',
    ),
});
type Input = z.output<typeof input>;

interface Plan {
  namespace: string;
  deployment: V1Deployment;
  currentRevision: number;
  targetRevision: number;
  template: V1PodTemplateSpec;
  annotations: Record<string, string>;
  revisions: number[];
}

/** What `kubectl rollout undo` would do, or why it cannot. */
async function plan(
  kube: KubeApi,
  request: Input,
): Promise<Plan | { blocked: string; revisions: number[] }> {
  const namespace = request.namespace ?? kube.namespace;
  const deployment = await kube.apps.readNamespacedDeployment({ name: request.name, namespace });
  const replicaSets = await kube.apps.listNamespacedReplicaSet({
    namespace,
    labelSelector: selectorString(deployment.spec?.selector),
  });
  const history = new Map<number, V1ReplicaSet>();
  for (const rs of replicaSets.items) {
    const owned = rs.metadata?.ownerReferences?.some(
      (owner) => owner.controller && owner.uid === deployment.metadata?.uid,
    );
    const revision = Number(rs.metadata?.annotations?.[REVISION]);
    if (owned && Number.isInteger(revision) && revision > 0) history.set(revision, rs);
  }
  const revisions = [...history.keys()].sort((a, b) => a - b);
  const currentRevision = Number(
    deployment.metadata?.annotations?.[REVISION] ?? revisions.at(-1) ?? 0,
  );
  if ((deployment.metadata?.generation ?? 0) > (deployment.status?.observedGeneration ?? 0)) {
    // Its revision numbers are about to move: a rollback now could pick the wrong one.
    return {
      blocked: `Deployment ${request.name} has a change its controller has not taken in yet: wait for the rollout (kubernetes.deployment.rolloutStatus), then look again.`,
      revisions,
    };
  }
  if (deployment.spec?.paused) {
    return {
      blocked: `Deployment ${request.name} is paused: resume it before rolling back.`,
      revisions,
    };
  }
  const targetRevision =
    request.toRevision ?? revisions.filter((revision) => revision < currentRevision).at(-1);
  if (targetRevision === undefined) {
    return {
      blocked: `Deployment ${request.name} has no revision before ${currentRevision} to roll back to.`,
      revisions,
    };
  }
  const rs = history.get(targetRevision);
  if (!rs) {
    return {
      blocked: `Deployment ${request.name} has no revision ${targetRevision}; it keeps revisions ${revisions.join(', ')}.`,
      revisions,
    };
  }
  if (targetRevision === currentRevision) {
    return {
      blocked: `Deployment ${request.name} is already at revision ${targetRevision}.`,
      revisions,
    };
  }
  const template = structuredClone(rs.spec!.template!);
  delete template.metadata?.labels?.[HASH_LABEL];
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(deployment.metadata?.annotations ?? {})) {
    if (KEEP_ANNOTATIONS.has(key)) annotations[key] = value;
  }
  for (const [key, value] of Object.entries(rs.metadata?.annotations ?? {})) {
    if (!KEEP_ANNOTATIONS.has(key)) annotations[key] = value;
  }
  return {
    namespace,
    deployment,
    currentRevision,
    targetRevision,
    template,
    annotations,
    revisions,
  };
}

/** The JSON patch kubectl rollout undo sends: the old template back, annotations merged. */
function apply(kube: KubeApi, name: string, chosen: Plan, dryRun: boolean) {
  return kube.apps.patchNamespacedDeployment(
    {
      name,
      namespace: chosen.namespace,
      body: [
        { op: 'replace', path: '/spec/template', value: chosen.template },
        // add replaces an existing member, and also works where there were no annotations.
        { op: 'add', path: '/metadata/annotations', value: chosen.annotations },
      ],
      ...(dryRun ? { dryRun: DRY_RUN } : {}),
    },
    patchAs('JsonPatch'),
  );
}

function templateChanges(before: V1Deployment, after: V1Deployment) {
  const strip = (deployment: V1Deployment) => {
    const template = structuredClone(deployment.spec?.template ?? {});
    delete template.metadata?.labels?.[HASH_LABEL];
    return template;
  };
  return changesBetween(strip(before), strip(after), 'template');
}

async function preview(ctx: ActionContext, request: Input): Promise<Preview> {
  return ctx.targets.kubernetes.call(ctx, async (kube) => {
    const chosen = await plan(kube, request);
    if ('blocked' in chosen) {
      return {
        summary: `Roll back deployment ${request.name}`,
        blocked: chosen.blocked,
        details: { revisions: chosen.revisions },
      };
    }
    const after = await apply(kube, request.name, chosen, true);
    const changes = templateChanges(chosen.deployment, after);
    const replicas = chosen.deployment.spec?.replicas ?? 1;
    return {
      summary: `Roll back deployment ${request.name} (${chosen.namespace}) from revision ${chosen.currentRevision} to revision ${chosen.targetRevision}`,
      affected: [{ kind: 'Deployment', namespace: chosen.namespace, name: request.name, replicas }],
      warnings: [
        `All ${replicas} pod(s) are replaced by pods of revision ${chosen.targetRevision}, in a rolling update.`,
        ...(changes.length === 0
          ? [
              `Revision ${chosen.targetRevision} has the same pod template: the rollback only records a new revision.`,
            ]
          : []),
      ],
      details: {
        dryRun: true,
        fromRevision: chosen.currentRevision,
        toRevision: chosen.targetRevision,
        revisions: chosen.revisions,
        changes,
        diff: changes.map(describeChange),
      },
    };
  });
}

export default defineAction({
  id: 'kubernetes.deployment.rollback',
  title: 'Roll back deployment',
  summary:
    'Puts a deployment back to its previous revision, or a chosen one, as kubectl rollout undo does; the preview is the API server’s dry run, as a diff of the pod template.',
  risk: 'destructive',
  input,
  preview,
  async run(ctx, request) {
    return ctx.targets.kubernetes.call(ctx, async (kube) => {
      const chosen = await plan(kube, request);
      // The preview said so too, unless the cluster changed in between.
      if ('blocked' in chosen) throw new ActionError('precondition_failed', chosen.blocked);
      const after = await apply(kube, request.name, chosen, false);
      return {
        namespace: chosen.namespace,
        deployment: request.name,
        fromRevision: chosen.currentRevision,
        toRevision: chosen.targetRevision,
        changes: templateChanges(chosen.deployment, after),
        next: 'kubernetes.deployment.rolloutStatus follows the pods being replaced.',
      };
    });
  },
});
