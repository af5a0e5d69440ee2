import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { AuditStore } from '../audit/audit-store.ts';
import { eventEntry, type AuditEntry, type AuditRecord } from '../audit/record.ts';
import { ActionError } from '../errors.ts';

/** Incidents live in the audit trail itself: opened and closed by chained records, like runs. */
const INCIDENT_ACTION = 'runsheet.incident';

export const openIncidentSchema = z.strictObject({
  title: z.string().trim().min(1, 'give the incident a title').max(200),
  severity: z.enum(['P0', 'P1', 'P2', 'P3']),
  ticket: z.url({ message: 'a link, e.g. https://tickets.example.com/INC-456' }).optional(),
});
export const closeIncidentSchema = z.strictObject({
  summary: z.string().trim().max(2000).optional(),
});

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

function incidentEntry(
  kind: AuditEntry['kind'],
  id: string,
  actor: Actor,
  environment: string,
  input: unknown,
): AuditEntry {
  return eventEntry({
    kind,
    id,
    actor: actor.id,
    environment,
    action: INCIDENT_ACTION,
    risk: 'write',
    input,
    incidentId: id,
  });
}

/** Every incident in this environment, newest first, as its opened and closed records tell it. */
export async function listIncidents(audit: AuditStore, environment: string): Promise<Incident[]> {
  const records = (await audit.list({ action: INCIDENT_ACTION, limit: 1000 })).filter(
    (record) => record.environment === environment,
  );
  const closed = new Map(
    records.filter((r) => r.kind === 'incident.closed').map((r) => [r.runId, r]),
  );
  return records
    .filter((record) => record.kind === 'incident.opened')
    .map((opened) => toIncident(opened, closed.get(opened.runId)));
}

function toIncident(opened: AuditRecord, closed: AuditRecord | undefined): Incident {
  const input = opened.input as z.output<typeof openIncidentSchema>;
  return {
    id: opened.runId,
    title: input.title,
    severity: input.severity,
    ticket: input.ticket ?? null,
    environment: opened.environment,
    openedBy: opened.actor,
    openedAt: opened.at,
    closedBy: closed?.actor ?? null,
    closedAt: closed?.at ?? null,
    summary: (closed?.input as { summary?: string } | undefined)?.summary ?? null,
  };
}

/** The incident runs attach to: the one open in this environment, if any. */
export async function openIncident(
  audit: AuditStore,
  environment: string,
): Promise<Incident | undefined> {
  return (await listIncidents(audit, environment)).find((incident) => !incident.closedAt);
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
  const record = await audit.append(
    incidentEntry('incident.opened', id, actor, environment, details),
  );
  return toIncident(record, undefined);
}

export async function endIncident(
  audit: AuditStore,
  environment: string,
  actor: Actor,
  id: string,
  details: z.output<typeof closeIncidentSchema>,
): Promise<Incident> {
  const incident = (await listIncidents(audit, environment)).find(
    (candidate) => candidate.id === id,
  );
  if (!incident)
    throw new ActionError('not_found', `There is no incident ${id} in ${environment}.`);
  if (incident.closedAt) {
    throw new ActionError(
      'precondition_failed',
      `${id} was closed by ${incident.closedBy} at ${incident.closedAt}.`,
    );
  }
  const closed = await audit.append(
    incidentEntry('incident.closed', id, actor, environment, details),
  );
  return {
    ...incident,
    closedBy: closed.actor,
    closedAt: closed.at,
    summary: details.summary ?? null,
  };
}
