import type { CoreV1Event } from '@kubernetes/client-node';
import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { namespaceSchema, podNameSchema } from './shared/schemas.ts';

export interface PodEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Who reported it, e.g. kubelet, default-scheduler. */
  source: string | null;
}

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
      const list = await kube.core.listNamespacedEvent({
        namespace: ns,
        fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${pod}`,
      });
      const events = list.items
        // A pod of the same name that was deleted and recreated has older events of its own.
        .filter(
          (event) => !event.involvedObject.uid || event.involvedObject.uid === found.metadata?.uid,
        )
        .map(toEvent)
        .sort((a, b) => (a.lastSeen ?? '').localeCompare(b.lastSeen ?? ''));
      return { namespace: ns, pod, events };
    });
  },
});

function toEvent(event: CoreV1Event): PodEvent {
  const first = event.firstTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp;
  const last = event.lastTimestamp ?? event.series?.lastObservedTime ?? first;
  return {
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: event.message ?? '',
    count: event.series?.count ?? event.count ?? 1,
    firstSeen: first ? new Date(first).toISOString() : null,
    lastSeen: last ? new Date(last).toISOString() : null,
    source: event.source?.component ?? event.reportingComponent ?? null,
  };
}
