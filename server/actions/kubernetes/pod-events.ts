import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { eventsOf, type KubeEvent } from './shared/events.ts';
import { namespaceSchema, podNameSchema } from './shared/schemas.ts';

/** One event of a pod, oldest first. */
export type PodEvent = KubeEvent;

export default defineAction({
  id: 'kubernetes.pod.events',
  title: 'Pod events',
  summary:
    'The events of one pod, oldest first, as the Events section of kubectl describe pod shows them (OOMKilling, BackOff, FailedScheduling…).',
  risk: 'read',
  input: z.strictObject({ namespace: namespaceSchema.optional(), pod: podNameSchema }),
  async run(ctx, { namespace, pod }) {
    return ctx.targets.kubernetes.call(ctx, async (kube) => {
      const ns = namespace ?? kube.namespace;
      // The pod itself first: "not found" means a wrong name, not a pod without events.
      const found = await kube.core.readNamespacedPod({ name: pod, namespace: ns });
      const events = await eventsOf((query) => kube.core.listNamespacedEvent(query), {
        kind: 'Pod',
        namespace: ns,
        name: pod,
        uid: found.metadata?.uid,
      });
      return { namespace: ns, pod, events };
    });
  },
});
