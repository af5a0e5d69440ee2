import { defineAction } from '../define-action.ts';
import { getObjects } from './shared/list-objects.ts';
import { getInputSchema } from './shared/schemas.ts';
import {
  byNamespaceAndName,
  summarizeStatefulSet,
  type StatefulSetSummary,
} from './shared/workloads.ts';

export interface StatefulSetsListResult {
  /** null when the list spans every namespace. */
  namespace: string | null;
  selector: string | null;
  statefulSets: StatefulSetSummary[];
}

export default defineAction({
  id: 'kubernetes.statefulsets.list',
  title: 'List StatefulSets',
  summary:
    'StatefulSets as kubectl get sts shows them: ready pods over desired, age, images and the governing service.',
  risk: 'read',
  input: getInputSchema('StatefulSet', 'mongodb'),
  async run(
    ctx,
    { namespace, allNamespaces, name, selector, fieldSelector },
  ): Promise<StatefulSetsListResult> {
    return ctx.targets.kubernetes.call(ctx, async (kube) => {
      const ns = allNamespaces ? null : (namespace ?? kube.namespace);
      const items = await getObjects(
        {
          all: (query) => kube.apps.listStatefulSetForAllNamespaces(query),
          namespaced: (query) => kube.apps.listNamespacedStatefulSet(query),
          read: (query) => kube.apps.readNamespacedStatefulSet(query),
        },
        { namespace: ns, name, selector, fieldSelector },
      );
      const now = Date.now();
      const statefulSets = items
        .map((item) => summarizeStatefulSet(item, now))
        .sort(byNamespaceAndName);
      return { namespace: ns, selector: selector ?? null, statefulSets };
    });
  },
});
