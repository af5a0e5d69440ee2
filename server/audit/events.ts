import type { Actor } from '../auth/actor.ts';
import { ActionError } from '../errors.ts';
import { formatIssues, parseOrThrow } from '../validation.ts';
import type { AuditQuery, AuditStore } from './audit-store.ts';
import {
  eventEntry,
  eventKinds,
  type AuditEvent,
  type AuditRecord,
  type EventKind,
  type EventPayload,
} from './record.ts';

/**
 * The trail as an event log: incidents, approvals and drill attempts are kept as typed events
 * (kinds and payload schemas in record.ts) and read back through the same schemas.
 */

/** The record's `action` for an event: `runsheet.incident` for `incident.opened`… */
export const eventAction = (kind: EventKind) => `runsheet.${kind.split('.')[0]}`;

/** Appends one event, its payload checked against its kind's schema first. */
export async function appendEvent<K extends EventKind>(
  audit: AuditStore,
  event: {
    kind: K;
    /** The thing's id (an incident's, an approval's…), kept as the record's `runId`. */
    id: string;
    actor: Actor;
    environment: string;
    payload: EventPayload<K>;
    incidentId?: string | null;
  },
): Promise<AuditEvent<K>> {
  const { risk, payload } = eventKinds[event.kind];
  const record = await audit.append(
    eventEntry({
      kind: event.kind,
      id: event.id,
      actor: event.actor.id,
      environment: event.environment,
      action: eventAction(event.kind),
      risk,
      input: parseOrThrow(payload, event.payload, {
        what: `${event.kind} event`,
        code: 'internal',
      }),
      incidentId: event.incidentId ?? null,
    }),
  );
  return typed(record, event.kind);
}

export type EventQuery = Omit<AuditQuery, 'kind' | 'action' | 'risk' | 'outcome' | 'runId'> & {
  /** Only this thing's events (an incident's id…). */
  id?: string | undefined;
  environment: string;
};

/**
 * Events of these kinds in one environment, newest first, filtered by the store; each payload
 * parsed by its kind's schema. A record that does not fit its schema is refused, not skipped.
 */
export async function listEvents<K extends EventKind>(
  audit: AuditStore,
  kinds: K | readonly K[],
  { id, ...query }: EventQuery,
): Promise<AuditEvent<K>[]> {
  const wanted = [kinds].flat() as K[];
  const records = await audit.list({ ...query, kind: wanted, runId: id });
  return records.map((record) => {
    const kind = wanted.find((candidate) => candidate === record.kind);
    if (!kind) throw new Error(`the ${audit.name} audit store listed a ${record.kind} record`);
    return typed(record, kind);
  });
}

function typed<K extends EventKind>(record: AuditRecord, kind: K): AuditEvent<K> {
  const parsed = eventKinds[kind].payload.safeParse(record.input);
  if (!parsed.success) {
    throw new ActionError(
      'internal',
      `Audit record ${record.seq} (${kind} ${record.runId}) does not hold what an ${kind} event holds: ${formatIssues(parsed.error.issues)}.`,
      { hint: 'Check the trail (GET /api/audit/verify): the record may have been edited.' },
    );
  }
  return { ...record, kind, input: parsed.data } as AuditEvent<K>;
}
