import { z } from 'zod';
import { ActionError } from '../../errors.ts';
import { defineAction } from '../define-action.ts';
import { describeContainers, type ContainerSpec } from './shared/describe.ts';
import { deploymentNameSchema, namespaceSchema } from './shared/schemas.ts';
import { selectorString } from './shared/selectors.ts';
import {
  CHANGE_CAUSE_ANNOTATION,
  ownedBy,
  revisionOf,
  templateImages,
  type ContainerImage,
} from './shared/workloads.ts';

export interface Revision {
  revision: number;
  /** The kubernetes.io/change-cause annotation, as kubectl's CHANGE-CAUSE column (null: <none>). */
  changeCause: string | null;
  images: ContainerImage[];
  replicaSet: string;
  replicas: number;
  createdAt: string | null;
  /** The revision the deployment runs now. */
  current: boolean;
}

export interface DeploymentHistoryResult {
  namespace: string;
  deployment: string;
  currentRevision: number | null;
  /** Oldest first, as kubectl rollout history lists them. */
  revisions: Revision[];
  /** With `revision`: that revision's pod template, as kubectl rollout history --revision=N prints it. */
  template: { labels: Record<string, string>; containers: ContainerSpec[] } | null;
}

export default defineAction({
  id: 'kubernetes.deployment.history',
  title: 'Rollout history',
  summary:
    'The revisions a deployment keeps (kubectl rollout history): number, change-cause, images and ReplicaSet of each, which one runs now; with a revision, its pod template.',
  risk: 'read',
  input: z.strictObject({
    namespace: namespaceSchema.optional(),
    name: deploymentNameSchema,
    revision: z.coerce
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Show this revision’s pod template too (kubectl rollout history --revision=N)'),
  }),
  async run(ctx, { namespace, name, revision }): Promise<DeploymentHistoryResult> {
    return ctx.targets.kubernetes.call(ctx, async (kube) => {
      const ns = namespace ?? kube.namespace;
      const deployment = await kube.apps.readNamespacedDeployment({ name, namespace: ns });
      const replicaSets = await kube.apps.listNamespacedReplicaSet({
        namespace: ns,
        labelSelector: selectorString(deployment.spec?.selector),
      });
      const currentRevision = revisionOf(deployment.metadata);
      const kept = ownedBy(deployment, replicaSets.items)
        .map((rs) => ({ rs, revision: revisionOf(rs.metadata) }))
        .filter(
          (entry): entry is { rs: typeof entry.rs; revision: number } => entry.revision !== null,
        )
        .sort((a, b) => a.revision - b.revision);
      const revisions: Revision[] = kept.map(({ rs, revision: number }) => ({
        revision: number,
        changeCause: rs.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION] ?? null,
        images: templateImages(rs.spec?.template),
        replicaSet: rs.metadata?.name ?? '',
        replicas: rs.spec?.replicas ?? 0,
        createdAt: rs.metadata?.creationTimestamp
          ? new Date(rs.metadata.creationTimestamp).toISOString()
          : null,
        current: number === currentRevision,
      }));
      let template: DeploymentHistoryResult['template'] = null;
      if (revision !== undefined) {
        const chosen = kept.find((entry) => entry.revision === revision);
        if (!chosen) {
          // kubectl: "unable to find the specified revision".
          throw new ActionError(
            'not_found',
            `Deployment ${name} has no revision ${revision}; it keeps revisions ${kept.map((entry) => entry.revision).join(', ') || 'none'}.`,
            { hint: 'Leave revision empty to list the revisions it keeps.' },
          );
        }
        const labels = { ...chosen.rs.spec?.template?.metadata?.labels };
        delete labels['pod-template-hash'];
        template = { labels, containers: describeContainers(chosen.rs.spec?.template?.spec) };
      }
      return { namespace: ns, deployment: name, currentRevision, revisions, template };
    });
  },
});
