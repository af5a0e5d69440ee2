import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type {
  Action,
  ActionContext,
  Actor,
  Preview,
  Progress,
  Risk,
} from '../actions/define-action.ts';
import { findAction } from '../actions/registry.ts';
import type { IdentityConfig, PolicyConfig } from '../auth/auth-config.ts';
import { authorize, scopeOf } from '../auth/policy.ts';
import type { AuditStore } from '../audit/audit-store.ts';
import type { AuditEntry, Outcome } from '../audit/record.ts';
import { redactSecrets } from '../audit/redact.ts';
import { ActionError } from '../errors.ts';
import { openIncident } from '../incidents/incidents.ts';
import { requestApproval, useApproval } from '../approvals/approvals.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Targets } from '../targets/targets.ts';
import { parseOrThrow } from '../validation.ts';
import { checkDeclaredStep, type StepGate } from '../steps/declared-steps.ts';
import { assertNesting } from './nesting.ts';
import { riskGate } from './risk-gate.ts';
import { thisWriter } from './interrupted-runs.ts';
import { recordFinish, recordStart } from './run-audit.ts';
import type { RateLimit } from './rate-limit.ts';

/** The body of `POST /api/runs`. */
export const runRequestSchema = z.strictObject({
  action: z.string().min(1).describe('Action id, e.g. temporal.workflow.describe'),
  input: z.record(z.string(), z.unknown()).default({}),
  /** The person saw the preview and wants the write or destructive action done. */
  confirm: z.boolean().default(false),
  /** Why; required for destructive actions, recorded with every run. */
  reason: z.string().trim().min(1).max(1000).optional(),
  /** Under the two-person rule: the approved request this destructive run carries out. */
  approvalId: z.string().max(100).optional(),
  /** The runbook page and step the run comes from, for the audit trail. */
  page: z.string().max(300).optional(),
  step: z.string().max(300).optional(),
  /** The page parameters the step was filled with: all that may vary in a declared step. */
  params: z.record(z.string().max(100), z.string().max(1000)).optional(),
});
export type RunRequest = z.input<typeof runRequestSchema>;

export interface RunOutcome<Result = unknown> {
  /** Also the run's id in the audit trail. */
  id: string;
  action: string;
  risk: Risk;
  actor: string;
  startedAt: string;
  durationMs: number;
  /** What the action said it would do (write and destructive actions). */
  preview: Preview | null;
  result: Result;
}

export interface RunDeps {
  targets: Targets;
  log: Logger;
  audit: AuditStore;
  identity: IdentityConfig;
  policy: PolicyConfig;
  rateLimit: RateLimit;
  /** The environment this backend acts on: sandbox, staging, production… */
  environment: string;
  /** Whether only the deployed runbooks' steps run (see server/steps/declared-steps.ts). */
  steps: StepGate;
  /** Counts and times every run that reached the trail; the CLI has none. */
  metrics?: Metrics | undefined;
}

export interface RunCall {
  body: unknown;
  actor: Actor;
  signal: AbortSignal;
  requestId?: string;
  onProgress?: (update: Progress) => void;
}

/**
 * The one path every execution takes: validate → identity and policy → audit "started" → risk
 * gate → run → audit "finished". Nothing touches a target before the trail has the run (fail closed).
 */
export async function executeRun(deps: RunDeps, call: RunCall): Promise<RunOutcome> {
  const { request, action, input } = validate(call.body);
  const runbookVersion = checkDeclaredStep(deps.steps, request);
  const scope = scopeOf(action, input, deps.targets);
  authorize(
    { actor: call.actor, action, scope, environment: deps.environment },
    deps.identity,
    deps.policy,
  );
  if (action.risk !== 'read') deps.rateLimit.take(call.actor.id);
  const id = randomUUID();
  const startedAt = new Date();
  // The request id ties the run's log lines to the HTTP request's line and to its audit records.
  const log = deps.log.child({
    runId: id,
    action: action.id,
    actor: call.actor.id,
    ...(call.requestId ? { requestId: call.requestId } : {}),
  });
  const incident = await openIncident(deps.audit, deps.environment).catch(() => undefined);
  const entry = auditEntry(deps, call, {
    id,
    startedAt,
    request,
    action,
    input,
    incidentId: incident?.id ?? null,
    runbookVersion,
  });
  await recordStart(deps.audit, entry);
  log.info({ risk: action.risk, reason: request.reason }, 'run started');

  const ctx: ActionContext = {
    targets: deps.targets,
    signal: call.signal,
    log,
    actor: call.actor,
    reason: request.reason,
    progress: call.onProgress ?? (() => {}),
  };
  let preview: Preview | null = null;
  try {
    preview = await riskGate(action, ctx, input, request.confirm);
    if (action.risk === 'destructive' && deps.policy.twoPersonRule) {
      await secondPerson(deps, call.actor, {
        action: action.id,
        input,
        request,
        preview: preview!,
      });
    }
    const result = await action.run(ctx, input);
    const durationMs = Date.now() - startedAt.getTime();
    // Streaming actions (a followed log) end normally when the caller goes away: that is still a
    // run the person stopped, not one that ran its course.
    const outcome: Outcome = call.signal.aborted ? 'cancelled' : 'succeeded';
    await recordFinish(deps.audit, log, entry, { outcome, durationMs, preview, result });
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
    await recordFinish(deps.audit, log, entry, {
      outcome,
      durationMs,
      preview: preview ?? known?.preview ?? null,
      // A partly done run: the digest of what it did, as for a result.
      ...(known?.partial !== undefined ? { result: known.partial } : {}),
      error: known
        ? { code: known.code, message: known.message }
        : { code: 'internal', message: String(error) },
    });
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

function validate(body: unknown) {
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
  return { request, action, input };
}

function auditEntry(
  { environment }: RunDeps,
  { actor, requestId }: RunCall,
  run: {
    id: string;
    startedAt: Date;
    request: z.output<typeof runRequestSchema>;
    action: Action;
    input: unknown;
    incidentId: string | null;
    runbookVersion: string | null;
  },
): AuditEntry {
  return {
    kind: 'started',
    runId: run.id,
    at: run.startedAt.toISOString(),
    actor: actor.id,
    environment,
    action: run.action.id,
    risk: run.action.risk,
    page: run.request.page ?? null,
    step: run.request.step ?? null,
    runbookVersion: run.runbookVersion,
    writer: thisWriter(),
    input: redactSecrets(run.input),
    confirmed: run.request.confirm,
    reason: run.request.reason ?? null,
    incidentId: run.incidentId,
    requestId: requestId ?? null,
    outcome: null,
    durationMs: null,
    preview: null,
    resultDigest: null,
    error: null,
  };
}

/** Two-person rule: the first attempt files a request; the approved request is then used once. */
async function secondPerson(
  { audit, environment }: RunDeps,
  actor: Actor,
  run: {
    action: string;
    input: unknown;
    request: z.output<typeof runRequestSchema>;
    preview: Preview;
  },
): Promise<void> {
  if (run.request.approvalId) {
    await useApproval(audit, environment, actor, run.request.approvalId, run);
    return;
  }
  const approval = await requestApproval(audit, environment, actor, {
    action: run.action,
    input: redactSecrets(run.input),
    reason: run.request.reason ?? null,
    preview: redactSecrets(run.preview) as Preview,
  });
  throw new ActionError(
    'approval_required',
    `${environment} needs a second admin to approve this: request ${approval.id} is waiting.`,
    {
      hint: `Ask another admin to approve ${approval.id} on the audit page, then run the step again with "approvalId": "${approval.id}".`,
      preview: run.preview,
      approvalId: approval.id,
    },
  );
}

function outcomeOf(error: ActionError | undefined, signal: AbortSignal): Outcome {
  if (signal.aborted || error?.code === 'cancelled') return 'cancelled';
  if (error?.code === 'confirmation_required' || error?.code === 'precondition_failed')
    return 'refused';
  return 'failed';
}
