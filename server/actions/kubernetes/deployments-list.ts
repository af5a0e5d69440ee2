import { defineAction } from '../define-action.ts';
import { getObjects } from './shared/list-objects.ts';
import { getInputSchema } from './shared/schemas.ts';
import {
  byNamespaceAndName,
  summarizeDeployment,
  type DeploymentSummary,
} from './shared/workloads.ts';

export interface DeploymentsListResult {
  /** null when the list spans every namespace. */
  namespace: string | null;
  selector: string | null;
  deployments: DeploymentSummary[];
}

export default defineAction({
  id: 'kubernetes.deployments.list',
  title: 'List deployments',
  summary:
    'Deployments as kubectl get deploy shows them (one by name, those a selector matches, or every namespace): ready, up to date, available, age, images, revision.',
  risk: 'read',
  input: getInputSchema('Deployment', 'orchestrator-worker'),
  async run(
    ctx,
    { namespace, allNamespaces, name, selector, fieldSelector },
  ): Promise<DeploymentsListResult> {
    return ctx.targets.kubernetes.call(ctx, async (kube) => {
      const ns = allNamespaces ? null : (namespace ?? kube.namespace);
      const items = await getObjects(
        {
          all: (query) => kube.apps.listDeploymentForAllNamespaces(query),
          namespaced: (query) => kube.apps.listNamespacedDeployment(query),
          read: (query) => kube.apps.readNamespacedDeployment(query),
        },
        { namespace: ns, name, selector, fieldSelector },
      );
      const now = Date.now();
      const deployments = items
        .map((item) => summarizeDeployment(item, now))
        .sort(byNamespaceAndName);
      return { namespace: ns, selector: selector ?? null, deployments };
    });
  },
});
