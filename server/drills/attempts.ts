import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import type { AuditStore } from '../audit/audit-store.ts';
import { appendEvent, listEvents } from '../audit/events.ts';
import type { AuditEvent, AuditRecord, EventPayload } from '../audit/record.ts';
import { ActionError } from '../errors.ts';
import type { Drill, DrillContext, Mistake, Verdict } from './define-drill.ts';
import { findDrill } from './registry.ts';

/**
 * Drill attempts live in the audit trail, like incidents: `drill.started` when the incident is
 * injected, `drill.checked` for each check. Nothing else is stored, so the report is what the
 * trail says and nobody can quietly improve their time.
 */
const drillKinds = ['drill.started', 'drill.checked'] as const;

export interface DrillCheck extends Verdict {
  at: string;
  checkedBy: string;
}

export interface DrillAttempt {
  id: string;
  drill: string;
  title: string;
  trainee: string;
  environment: string;
  startedAt: string;
  /** The runbook page with this attempt's parameters filled. */
  url: string;
  params: Record<string, string>;
  /** What the check needs that the runbook URL does not carry. */
  facts: Record<string, string>;
  briefing: string;
  checks: DrillCheck[];
  /** Whether a check has found the incident resolved. */
  resolved: boolean;
  /** How things stood at the latest check. */
  status: string | null;
  /** The first check that found the incident resolved. */
  resolvedAt: string | null;
  timeToResolveMs: number | null;
  /** The mistakes as the latest check judged them. */
  mistakes: Mistake[];
}

export interface DrillReport extends DrillAttempt {
  /** The trainee's runs from the start to the resolving check (or now), oldest first. */
  steps: AuditRecord[];
  /** The attempt's records and its runs' records, in trail order. */
  trail: AuditRecord[];
}

/** The runbook URL with its parameters in the query string, as the runbook pages read them. */
export function runbookUrl(runbook: string, params: Record<string, string>): string {
  const query = new URLSearchParams(params).toString();
  return `/runbooks/${runbook}/${query ? `?${query}` : ''}`;
}

export async function startAttempt(
  audit: AuditStore,
  environment: string,
  actor: Actor,
  drill: Drill,
  ctx: DrillContext,
): Promise<DrillAttempt> {
  const injected = await drill.inject(ctx);
  const id = `DRILL-${randomUUID().slice(0, 8).toUpperCase()}`;
  const payload: EventPayload<'drill.started'> = {
    drill: drill.id,
    url: runbookUrl(drill.runbook, injected.params),
    params: injected.params,
    ...(injected.facts && { facts: injected.facts }),
    briefing: injected.briefing,
  };
  // The timer starts here, after the incident is in place: the trainee is not timed for the setup.
  const started = await appendEvent(audit, {
    kind: 'drill.started',
    id,
    actor,
    environment,
    payload,
  });
  return toAttempt(started, []);
}

export async function checkAttempt(
  audit: AuditStore,
  environment: string,
  actor: Actor,
  id: string,
  ctx: DrillContext,
): Promise<DrillAttempt> {
  const attempt = await findAttempt(audit, environment, id);
  const drill = knownDrill(attempt.drill);
  const runs = await traineeRuns(audit, attempt, new Date().toISOString());
  const verdict = await drill.check(ctx, { ...attempt.facts, ...attempt.params }, runs);
  await appendEvent(audit, {
    kind: 'drill.checked',
    id,
    actor,
    environment,
    payload: { drill: drill.id, ...verdict, steps: runs.map((run) => run.runId) },
  });
  return findAttempt(audit, environment, id);
}

/** Every attempt here, newest first. */
export async function listAttempts(
  audit: AuditStore,
  environment: string,
): Promise<DrillAttempt[]> {
  return toAttempts(await listEvents(audit, drillKinds, { environment }));
}

export async function findAttempt(
  audit: AuditStore,
  environment: string,
  id: string,
): Promise<DrillAttempt> {
  const [attempt] = toAttempts(await listEvents(audit, drillKinds, { environment, id }));
  if (!attempt) {
    throw new ActionError('not_found', `There is no drill attempt ${id} in ${environment}.`, {
      hint: 'GET /api/drills/attempts lists the attempts; their ids look like DRILL-1A2B3C4D.',
    });
  }
  return attempt;
}

function toAttempts(events: AuditEvent<(typeof drillKinds)[number]>[]): DrillAttempt[] {
  const checks = new Map<string, AuditEvent<'drill.checked'>[]>();
  // Oldest first within each attempt.
  for (const event of [...events].reverse()) {
    if (event.kind === 'drill.checked')
      checks.set(event.runId, [...(checks.get(event.runId) ?? []), event]);
  }
  return events.flatMap((event) =>
    event.kind === 'drill.started' ? [toAttempt(event, checks.get(event.runId) ?? [])] : [],
  );
}

export async function attemptReport(
  audit: AuditStore,
  environment: string,
  id: string,
): Promise<DrillReport> {
  const attempt = await findAttempt(audit, environment, id);
  const end = attempt.resolvedAt ?? new Date().toISOString();
  const steps = await traineeRuns(audit, attempt, end);
  const runIds = new Set([id, ...steps.map((step) => step.runId)]);
  const runs = await audit.list({
    kind: ['started', 'finished'],
    environment,
    actor: attempt.trainee,
    since: attempt.startedAt,
    until: end,
  });
  const events = await audit.list({ kind: drillKinds, environment, runId: id });
  const trail = [...runs.filter((record) => runIds.has(record.runId)), ...events].sort(
    (a, b) => a.seq - b.seq,
  );
  return { ...attempt, steps, trail };
}

/** The trainee's finished runs from the attempt's start to `until`, oldest first. */
async function traineeRuns(
  audit: AuditStore,
  attempt: DrillAttempt,
  until: string,
): Promise<AuditRecord[]> {
  const finished = await audit.list({
    kind: 'finished',
    environment: attempt.environment,
    actor: attempt.trainee,
    since: attempt.startedAt,
    until,
  });
  return finished.reverse();
}

function knownDrill(id: string) {
  const drill = findDrill(id);
  if (!drill) {
    throw new ActionError('not_found', `There is no drill "${id}".`, {
      hint: 'GET /api/drills lists the drills and their ids, e.g. stuck-workflow.',
    });
  }
  return drill;
}

function toAttempt(
  started: AuditEvent<'drill.started'>,
  checkEvents: AuditEvent<'drill.checked'>[],
): DrillAttempt {
  const { input } = started;
  const checks = checkEvents.map((event): DrillCheck => {
    const { resolved, status, mistakes } = event.input;
    return { at: event.at, checkedBy: event.actor, resolved, status, mistakes };
  });
  const resolving = checks.find((check) => check.resolved);
  return {
    id: started.runId,
    drill: input.drill,
    title: findDrill(input.drill)?.title ?? input.drill,
    trainee: started.actor,
    environment: started.environment,
    startedAt: started.at,
    url: input.url,
    params: input.params,
    facts: input.facts ?? {},
    briefing: input.briefing,
    checks,
    resolved: Boolean(resolving),
    status: checks.at(-1)?.status ?? null,
    resolvedAt: resolving?.at ?? null,
    timeToResolveMs: resolving ? Date.parse(resolving.at) - Date.parse(started.at) : null,
    mistakes: (resolving ?? checks.at(-1))?.mistakes ?? [],
  };
}
