import type { Logger } from 'pino';
import { z } from 'zod';
import type { Action, ActionContext } from '../actions/define-action.ts';
import type { Actor } from '../auth/actor.ts';
import type { Preview, Progress, Risk } from '../actions/types.ts';
import type { IdentityConfig, PolicyConfig } from '../auth/auth-config.ts';
import type { Scope } from '../auth/policy.ts';
import type { AuditStore } from '../audit/audit-store.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Targets } from '../targets/targets.ts';
import type { StepGate } from '../steps/declared-steps.ts';
import type { InFlightCap, RateLimit } from './rate-limit.ts';

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
  /** Ad-hoc work on this incident (a scratch cell, `runsheet run --incident`): see adhoc-policy.ts. */
  incidentId: z.string().min(1).max(100).optional(),
  /** The line typed into the cell, for the trail (ad-hoc runs only). */
  line: z.string().max(2000).optional(),
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
  /** Reads one person may have running at once; the CLI (one person, one run) has none. */
  readsInFlight?: InFlightCap | undefined;
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
  /** The X-Request-Id the caller sent, recorded beside the server's own. */
  clientRequestId?: string | undefined;
  onProgress?: (update: Progress) => void;
  /** Told how long each timed stage of the run took, in ms (the response's Server-Timing). */
  onTiming?: (stage: TimedStage, ms: number) => void;
}

/**
 * The stages a run is timed in: finding the open incident, making the "started" record durable,
 * the risk gate and second person, the action, making the "finished" record durable.
 */
export type TimedStage = 'incident' | 'trail-started' | 'gate' | 'action' | 'trail-finished';

/** A run request once validated, filled in as it passes the admission stages. */
export interface Admission {
  request: z.output<typeof runRequestSchema>;
  action: Action;
  input: unknown;
  /** What the action touches, for scoped grants. */
  scope: Scope;
  /** The runbook page and step the run is, as the trail records them (see stepDeclared). */
  page: string | null;
  step: string | null;
  /** The runbook version the run's step comes from; null for an ad-hoc run. */
  runbookVersion: string | null;
  /** Frees the run's place under the per-person cap on reads in flight, once it ends. */
  leave?: (() => void) | undefined;
}

/** A run past the trail's "started" record: its context, and the preview once the risk gate made it. */
export type Executing = Admission & { ctx: ActionContext; preview: Preview | null };

/** A stage before the trail (see pipeline.ts): refuses by throwing; never touches a target. */
export type AdmissionStage = (deps: RunDeps, call: RunCall, run: Admission) => void | Promise<void>;

/** A stage after "started", before the action runs (see pipeline.ts): refuses by throwing. */
export type ExecutionStage = (deps: RunDeps, call: RunCall, run: Executing) => Promise<void>;
