import { defineAction } from '../define-action.ts';
import { getObjects } from './shared/list-objects.ts';
import { getInputSchema } from './shared/schemas.ts';
import {
  byNamespaceAndName,
  summarizeReplicaSet,
  type ReplicaSetSummary,
} from './shared/workloads.ts';

export interface ReplicaSetsListResult {
  /** null when the list spans every namespace. */
  namespace: string | null;
  selector: string | null;
  replicaSets: ReplicaSetSummary[];
}

export default defineAction({
  id: 'kubernetes.replicasets.list',
  title: 'List ReplicaSets',
  summary:
    'ReplicaSets as kubectl get rs shows them: desired, current and ready pods, age, images, and the deployment and revision each belongs to.',
  risk: 'read',
  input: getInputSchema('ReplicaSet', 'orchestrator-worker-7d9f8b6c5'),
  async run(
    ctx,
    { namespace, allNamespaces, name, selector, fieldSelector },
  ): Promise<ReplicaSetsListResult> {
    return ctx.targets.kubernetes.call(ctx, async (kube) => {
      const ns = allNamespaces ? null : (namespace ?? kube.namespace);
      const items = await getObjects(
        {
          all: (query) => kube.apps.listReplicaSetForAllNamespaces(query),
          namespaced: (query) => kube.apps.listNamespacedReplicaSet(query),
          read: (query) => kube.apps.readNamespacedReplicaSet(query),
        },
        { namespace: ns, name, selector, fieldSelector },
      );
      const now = Date.now();
      const replicaSets = items
        .map((item) => summarizeReplicaSet(item, now))
        .sort(byNamespaceAndName);
      return { namespace: ns, selector: selector ?? null, replicaSets };
    });
  },
});
