import { randomUUID } from 'node:crypto';
import type { ActionContext } from '../actions/define-action.ts';
import type { Preview, Progress } from '../actions/types.ts';
import { findAction } from '../actions/registry.ts';
import { scopeOf } from '../auth/policy.ts';
import type { AuditEntry, Outcome } from '../audit/record.ts';
import { redactSecrets } from '../audit/redact.ts';
import { ActionError } from '../errors.ts';
import { openIncident } from '../incidents/incidents.ts';
import { parseOrThrow } from '../validation.ts';
import { thisWriter } from './interrupted-runs.ts';
import { assertNesting } from './nesting.ts';
import { admission, beforeRunning } from './pipeline.ts';
import { recordFinish, recordStart } from './run-audit.ts';
import {
  runRequestSchema,
  type Admission,
  type Executing,
  type RunCall,
  type RunDeps,
  type RunOutcome,
  type TimedStage,
} from './run-types.ts';

export { runRequestSchema } from './run-types.ts';
export type { RunCall, RunDeps, RunOutcome, RunRequest } from './run-types.ts';

/**
 * The one path every execution takes, in the order pipeline.ts lists: the admission stages, the
 * trail's "started" record, the stages before running, the action, the "finished" record.
 * Nothing touches a target before the trail has the run (fail closed).
 */
export async function executeRun(deps: RunDeps, call: RunCall): Promise<RunOutcome> {
  const run = validateRun(deps, call.body);
  try {
    for (const stage of admission) await stage(deps, call, run);
    return await startAndRun(deps, call, run);
  } finally {
    run.leave?.();
  }
}

async function startAndRun(deps: RunDeps, call: RunCall, run: Admission): Promise<RunOutcome> {
  const { request, action, input } = run;
  const id = randomUUID();
  const startedAt = new Date();
  // The request id ties the run's log lines to the HTTP request's line and to its audit records.
  const log = deps.log.child({
    runId: id,
    action: action.id,
    actor: call.actor.id,
    ...(call.requestId ? { requestId: call.requestId } : {}),
    ...(call.clientRequestId ? { clientRequestId: call.clientRequestId } : {}),
  });
  // Ad-hoc work names its incident; a runbook step attaches to the one open here, if any.
  const incident = run.request.incidentId
    ? { id: run.request.incidentId }
    : await timed(call, 'incident', () =>
        openIncident(deps.audit, deps.environment).catch(() => undefined),
      );
  const entry = auditEntry(deps, call, run, { id, startedAt, incidentId: incident?.id ?? null });
  await timed(call, 'trail-started', () => recordStart(deps.audit, entry));
  log.info({ risk: action.risk, reason: request.reason }, 'run started');

  const facts: Record<string, string | number | boolean> = {};
  const ctx: ActionContext = {
    targets: deps.targets,
    signal: call.signal,
    log,
    actor: call.actor,
    reason: request.reason,
    // Progress goes out as it happens (a followed log line may quote a secret): redacted like results.
    progress: (update) => call.onProgress?.(redactSecrets(update) as Progress),
    note: (noted) => Object.assign(facts, noted),
  };
  const executing: Executing = { ...run, ctx, preview: null };
  try {
    await timed(call, 'gate', async () => {
      for (const stage of beforeRunning) await stage(deps, call, executing);
    });
    const { preview } = executing;
    const result = await timed(call, 'action', () => action.run(ctx, input));
    const durationMs = Date.now() - startedAt.getTime();
    // Streaming actions (a followed log) end normally when the caller goes away: that is still a
    // run the person stopped, not one that ran its course.
    const outcome: Outcome = call.signal.aborted ? 'cancelled' : 'succeeded';
    await timed(call, 'trail-finished', () =>
      recordFinish(deps.audit, log, entry, { outcome, durationMs, preview, result, facts }),
    );
    deps.metrics?.observeRun({ action: action.id, risk: action.risk, outcome, durationMs });
    return {
      id,
      action: action.id,
      risk: action.risk,
      actor: call.actor.id,
      startedAt: entry.at,
      durationMs,
      preview: redactSecrets(preview) as Preview | null,
      result: redactSecrets(result),
    };
  } catch (error) {
    const durationMs = Date.now() - startedAt.getTime();
    const known = error instanceof ActionError ? error : undefined;
    const outcome = outcomeOf(known, call.signal);
    await timed(call, 'trail-finished', () =>
      recordFinish(deps.audit, log, entry, {
        outcome,
        durationMs,
        preview: executing.preview ?? known?.preview ?? null,
        // A partly done run: the digest of what it did, as for a result.
        ...(known?.partial !== undefined ? { result: known.partial } : {}),
        facts,
        error: known
          ? { code: known.code, message: known.message }
          : { code: 'internal', message: String(error) },
      }),
    );
    deps.metrics?.observeRun({ action: action.id, risk: action.risk, outcome, durationMs });
    if (!known) throw error;
    throw new ActionError(known.code, known.message, {
      hint: known.hint,
      preview: known.preview,
      approvalId: known.approvalId,
      partial: redactSecrets(known.partial),
      actionId: action.id,
      cause: known.cause,
    });
  }
}

/** Does `work`, then tells the caller how long it took, whether it succeeded or not. */
async function timed<T>(call: RunCall, stage: TimedStage, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    call.onTiming?.(stage, performance.now() - start);
  }
}

/** Stage 2 of pipeline.ts: the body, the action id and the action's own input schema. */
function validateRun({ targets }: RunDeps, body: unknown): Admission {
  assertNesting(body, 'run request');
  const parsed = parseOrThrow(runRequestSchema, body, {
    what: 'run request',
    code: 'invalid_body',
    hint: 'Send {"action": "<action id>", "input": {…}}; GET /api/actions lists the actions and their inputs.',
  });
  // A reason travels to Temporal's history, the trail and the logs: never with a secret in it.
  const request = { ...parsed, reason: redactSecrets(parsed.reason) as string | undefined };
  const action = findAction(request.action);
  if (!action) {
    throw new ActionError('unknown_action', `There is no action "${request.action}".`, {
      hint: 'GET /api/actions lists every action id.',
    });
  }
  const input = parseOrThrow(action.input, request.input, {
    what: `input for ${action.id}`,
    hint: 'GET /api/actions shows the JSON Schema of each action input.',
  });
  return {
    request,
    action,
    input,
    scope: scopeOf(action, input, targets),
    page: request.page ?? null,
    step: request.step ?? null,
    runbookVersion: null,
  };
}

function auditEntry(
  { environment }: RunDeps,
  { actor, requestId, clientRequestId }: RunCall,
  { request, action, input, page, step, runbookVersion }: Admission,
  run: { id: string; startedAt: Date; incidentId: string | null },
): AuditEntry {
  return {
    kind: 'started',
    runId: run.id,
    at: run.startedAt.toISOString(),
    actor: actor.id,
    environment,
    action: action.id,
    risk: action.risk,
    page,
    step,
    runbookVersion,
    writer: thisWriter(),
    input: redactSecrets(input),
    ...(request.incidentId
      ? { adhoc: true, line: (redactSecrets(request.line) as string | undefined) ?? null }
      : {}),
    confirmed: request.confirm,
    reason: request.reason ?? null,
    incidentId: run.incidentId,
    requestId: requestId ?? null,
    ...(clientRequestId ? { clientRequestId } : {}),
    outcome: null,
    durationMs: null,
    preview: null,
    resultDigest: null,
    error: null,
  };
}

function outcomeOf(error: ActionError | undefined, signal: AbortSignal): Outcome {
  if (signal.aborted || error?.code === 'cancelled') return 'cancelled';
  if (error?.code === 'confirmation_required' || error?.code === 'precondition_failed')
    return 'refused';
  return 'failed';
}
