import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import type { AuditStore } from '../audit/audit-store.ts';
import { appendEvent } from '../audit/events.ts';
import type { AuditEvent } from '../audit/record.ts';
import { redactText } from '../audit/redact.ts';
import { findIncident } from '../incidents/incidents.ts';

/** Notes are events of the trail (chained like runs): findings and decisions, in Markdown. */
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

function noteOf(event: AuditEvent<'note.added'>): Note {
  return {
    id: event.runId,
    incidentId: event.incidentId!,
    author: event.actor,
    at: event.at,
    text: event.input.text,
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
  const event = await appendEvent(audit, {
    kind: 'note.added',
    id: `NOTE-${randomUUID().slice(0, 8).toUpperCase()}`,
    actor,
    environment,
    payload: { text: redactText(text) },
    incidentId: incident.id,
  });
  return noteOf(event);
}
