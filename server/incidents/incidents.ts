import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { AuditStore } from '../audit/audit-store.ts';
import { appendEvent, listEvents } from '../audit/events.ts';
import type { AuditEvent } from '../audit/record.ts';
import { ActionError } from '../errors.ts';

export const openIncidentSchema = z.strictObject({
  title: z.string().trim().min(1, 'give the incident a title').max(200),
  severity: z.enum(['P0', 'P1', 'P2', 'P3']),
  ticket: z.url({ message: 'a link, e.g. https://tickets.example.com/INC-456' }).optional(),
});
export const closeIncidentSchema = z.strictObject({
  summary: z.string().trim().max(2000).optional(),
});

/** Incidents live in the audit trail itself: opened and closed by chained events, like runs. */
export interface Incident {
  id: string;
  title: string;
  severity: string;
  ticket: string | null;
  environment: string;
  openedBy: string;
  openedAt: string;
  closedBy: string | null;
  closedAt: string | null;
  summary: string | null;
}

const incidentKinds = ['incident.opened', 'incident.closed'] as const;

/** Every incident in this environment, newest first, as its opened and closed events tell it. */
export async function listIncidents(audit: AuditStore, environment: string): Promise<Incident[]> {
  const events = await listEvents(audit, incidentKinds, { environment });
  return toIncidents(events);
}

/** One incident here, or not_found. */
export async function findIncident(
  audit: AuditStore,
  environment: string,
  id: string,
): Promise<Incident> {
  const [incident] = toIncidents(await listEvents(audit, incidentKinds, { environment, id }));
  if (!incident)
    throw new ActionError('not_found', `There is no incident ${id} in ${environment}.`);
  return incident;
}

function toIncidents(events: AuditEvent<(typeof incidentKinds)[number]>[]): Incident[] {
  const closed = new Map<string, AuditEvent<'incident.closed'>>();
  for (const event of events) if (event.kind === 'incident.closed') closed.set(event.runId, event);
  return events.flatMap((event) =>
    event.kind === 'incident.opened' ? [toIncident(event, closed.get(event.runId))] : [],
  );
}

function toIncident(
  opened: AuditEvent<'incident.opened'>,
  closed: AuditEvent<'incident.closed'> | undefined,
): Incident {
  return {
    id: opened.runId,
    title: opened.input.title,
    severity: opened.input.severity,
    ticket: opened.input.ticket ?? null,
    environment: opened.environment,
    openedBy: opened.actor,
    openedAt: opened.at,
    closedBy: closed?.actor ?? null,
    closedAt: closed?.at ?? null,
    summary: closed?.input.summary ?? null,
  };
}

/**
 * The incident runs attach to: the one open in this environment, if any. Only one is ever open
 * (startIncident refuses a second), so the newest incident event says it: an opening is the open
 * incident, a closing means none is. One read of the store, made before every run.
 */
export async function openIncident(
  audit: AuditStore,
  environment: string,
): Promise<Incident | undefined> {
  const [newest] = await listEvents(audit, incidentKinds, { environment, limit: 1 });
  return newest?.kind === 'incident.opened' ? toIncident(newest, undefined) : undefined;
}

export async function startIncident(
  audit: AuditStore,
  environment: string,
  actor: Actor,
  details: z.output<typeof openIncidentSchema>,
): Promise<Incident> {
  const current = await openIncident(audit, environment);
  if (current) {
    throw new ActionError(
      'precondition_failed',
      `"${current.title}" is still open in ${environment}.`,
      {
        hint: 'Close it first: runs attach to the one open incident.',
      },
    );
  }
  const id = `INC-${randomUUID().slice(0, 8).toUpperCase()}`;
  const opened = await appendEvent(audit, {
    kind: 'incident.opened',
    id,
    actor,
    environment,
    payload: details,
    incidentId: id,
  });
  return toIncident(opened, undefined);
}

export async function endIncident(
  audit: AuditStore,
  environment: string,
  actor: Actor,
  id: string,
  details: z.output<typeof closeIncidentSchema>,
): Promise<Incident> {
  const incident = await findIncident(audit, environment, id);
  if (incident.closedAt) {
    throw new ActionError(
      'precondition_failed',
      `${id} was closed by ${incident.closedBy} at ${incident.closedAt}.`,
    );
  }
  const closed = await appendEvent(audit, {
    kind: 'incident.closed',
    id,
    actor,
    environment,
    payload: details,
    incidentId: id,
  });
  return {
    ...incident,
    closedBy: closed.actor,
    closedAt: closed.at,
    summary: closed.input.summary ?? null,
  };
}
