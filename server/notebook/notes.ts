import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../actions/define-action.ts';
import type { AuditStore } from '../audit/audit-store.ts';
import { eventEntry, type AuditRecord } from '../audit/record.ts';
import { redactText } from '../audit/redact.ts';
import { findIncident } from '../incidents/incidents.ts';

/** Notes are records of the trail (chained like runs): findings and decisions, in Markdown. */
export const NOTE_ACTION = 'runsheet.note';

export const noteSchema = z.strictObject({
  /** Markdown; rendered as text, links and code on the page, never as HTML. */
  text: z.string().trim().min(1, 'write something in the note').max(10_000),
});

export interface Note {
  id: string;
  incidentId: string;
  author: string;
  at: string;
  /** As written, secrets redacted. */
  text: string;
}

export function noteOf(record: AuditRecord): Note {
  return {
    id: record.runId,
    incidentId: record.incidentId!,
    author: record.actor,
    at: record.at,
    text: (record.input as { text: string }).text,
  };
}

/** Adds a note to an incident (open or closed: a post-mortem finding belongs there too). */
export async function addNote(
  audit: AuditStore,
  environment: string,
  actor: Actor,
  incidentId: string,
  { text }: z.output<typeof noteSchema>,
): Promise<Note> {
  const incident = await findIncident(audit, environment, incidentId);
  const record = await audit.append(
    eventEntry({
      kind: 'note.added',
      id: `NOTE-${randomUUID().slice(0, 8).toUpperCase()}`,
      actor: actor.id,
      environment,
      action: NOTE_ACTION,
      risk: 'read',
      input: { text: redactText(text) },
      incidentId: incident.id,
    }),
  );
  return noteOf(record);
}
