import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { summarizePod, type PodSummary } from './shared/pods.ts';
import { labelSelectorSchema, namespaceSchema } from './shared/schemas.ts';

export default defineAction({
  id: 'kubernetes.pods.list',
  title: 'List pods',
  summary:
    'The pods a label selector matches, as kubectl get pods shows them: status, ready containers, restarts, age, and why a container last stopped (e.g. OOMKilled).',
  risk: 'read',
  input: z.strictObject({
    namespace: namespaceSchema.optional(),
    selector: labelSelectorSchema.optional(),
  }),
  async run(ctx, { namespace, selector }) {
    return ctx.targets.kubernetes.call(ctx, async (kube) => {
      const ns = namespace ?? kube.namespace;
      const list = await kube.core.listNamespacedPod({
        namespace: ns,
        ...(selector ? { labelSelector: selector } : {}),
      });
      const now = Date.now();
      const pods: PodSummary[] = list.items
        .map((pod) => summarizePod(pod, now))
        .sort((a, b) => a.name.localeCompare(b.name));
      return { namespace: ns, selector: selector ?? null, pods };
    });
  },
});
