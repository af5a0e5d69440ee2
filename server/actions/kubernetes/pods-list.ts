import { defineAction } from '../define-action.ts';
import { getObjects } from './shared/list-objects.ts';
import { summarizePod, type PodSummary } from './shared/pods.ts';
import { getInputSchema } from './shared/schemas.ts';
import { byNamespaceAndName } from './shared/workloads.ts';

export interface PodsListResult {
  /** null when the list spans every namespace. */
  namespace: string | null;
  selector: string | null;
  pods: PodSummary[];
}

export default defineAction({
  id: 'kubernetes.pods.list',
  title: 'List pods',
  summary:
    'Pods as kubectl get pods shows them (one by name, those a label or field selector matches, or every namespace): status, ready containers, restarts, age, and why a container last stopped (e.g. OOMKilled).',
  risk: 'read',
  input: getInputSchema('Pod', 'orchestrator-worker-7d9f8b6c5-x2x9k'),
  async run(
    ctx,
    { namespace, allNamespaces, name, selector, fieldSelector },
  ): Promise<PodsListResult> {
    return ctx.targets.kubernetes.call(ctx, async (kube) => {
      const ns = allNamespaces ? null : (namespace ?? kube.namespace);
      const items = await getObjects(
        {
          all: (query) => kube.core.listPodForAllNamespaces(query),
          namespaced: (query) => kube.core.listNamespacedPod(query),
          read: (query) => kube.core.readNamespacedPod(query),
        },
        { namespace: ns, name, selector, fieldSelector },
      );
      const now = Date.now();
      const pods = items.map((pod) => summarizePod(pod, now)).sort(byNamespaceAndName);
      return { namespace: ns, selector: selector ?? null, pods };
    });
  },
});
