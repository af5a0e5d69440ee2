import type { CoreV1Event } from '@kubernetes/client-node';

export interface KubeEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Who reported it, e.g. kubelet, default-scheduler. */
  source: string | null;
}

/** One event as kubectl shows it: its series count and times, whichever API version wrote it. */
export function toEvent(event: CoreV1Event): KubeEvent {
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

/** Oldest first, as kubectl events prints them. */
export const byLastSeen = (a: KubeEvent, b: KubeEvent) =>
  (a.lastSeen ?? '').localeCompare(b.lastSeen ?? '');

/**
 * The events of one object, as the Events section of kubectl describe shows them. Events of an
 * earlier object of the same name (deleted, then made again) are left out by its uid.
 */
export async function eventsOf(
  listEvents: (query: { namespace: string; fieldSelector: string }) => Promise<{
    items: CoreV1Event[];
  }>,
  object: { kind: string; namespace: string; name: string; uid: string | undefined },
): Promise<KubeEvent[]> {
  const list = await listEvents({
    namespace: object.namespace,
    fieldSelector: `involvedObject.kind=${object.kind},involvedObject.name=${object.name}`,
  });
  return list.items
    .filter((event) => !event.involvedObject.uid || event.involvedObject.uid === object.uid)
    .map(toEvent)
    .sort(byLastSeen);
}
