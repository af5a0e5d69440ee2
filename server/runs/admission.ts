import { authorize } from '../auth/policy.ts';
import { ActionError } from '../errors.ts';
import { findIncident } from '../incidents/incidents.ts';
import { checkAdhoc } from '../notebook/adhoc-policy.ts';
import { checkDeclaredStep } from '../steps/declared-steps.ts';
import type { Admission, RunCall, RunDeps } from './run-types.ts';

/** The stages of pipeline.ts before the trail has the run; none touches a target. */

/** The actor was set by the identify middleware (or the CLI's identity): a run never names its own. */
export function whoIsAsking(_deps: RunDeps, call: RunCall): void {
  if (!call.actor?.id) {
    throw new ActionError('unauthenticated', 'Nobody is identified for this run.', {
      hint: 'Sign in through Runsheet’s usual address, or present a token.',
    });
  }
}

/** Kill switches, the role the action's risk needs, and the grant's scope. */
export function policyAllows(deps: RunDeps, call: RunCall, run: Admission): void {
  authorize(
    { actor: call.actor, action: run.action, scope: run.scope, environment: deps.environment },
    deps.identity,
    deps.policy,
  );
}

/**
 * Ad-hoc work (a request naming `incidentId`): allowed by policy.adhoc, on an open incident of
 * this environment. It is not a runbook step, so the declared-steps gate does not apply to it.
 */
export async function adhocAllowed(deps: RunDeps, _call: RunCall, run: Admission): Promise<void> {
  const { incidentId } = run.request;
  if (incidentId === undefined) return;
  checkAdhoc(deps.policy, deps.environment, run.action);
  const incident = await findIncident(deps.audit, deps.environment, incidentId);
  if (incident.closedAt) {
    throw new ActionError(
      'precondition_failed',
      `${incident.id} was closed at ${incident.closedAt}: ad-hoc work attaches to an open incident.`,
      { hint: 'Open a new incident for new work.' },
    );
  }
}

/**
 * In `declared` mode, only a step of the built runbooks as written; names the runbook version.
 * In `any` mode every run passes, but the trail names its page, step and runbook version only when
 * the run is that step as written: a claim that does not match is not recorded as fact.
 */
export function stepDeclared(deps: RunDeps, _call: RunCall, run: Admission): void {
  if (run.request.incidentId !== undefined) return;
  // Compared as sent: the action's schema defaults are not part of what the page declared.
  if (deps.steps.mode === 'declared') {
    run.runbookVersion = checkDeclaredStep(deps.steps, run.request);
    return;
  }
  // A confirmed run of a dry-run step is refused here too (the one refusal `any` mode keeps).
  checkDeclaredStep(deps.steps, run.request);
  const unclaimed = { page: null, step: null, runbookVersion: null };
  // A run that names no step (the CLI, an API caller) has no claim to check.
  if (run.request.page === undefined || run.request.step === undefined) {
    Object.assign(run, unclaimed);
    return;
  }
  try {
    run.runbookVersion = checkDeclaredStep({ ...deps.steps, mode: 'declared' }, run.request);
  } catch {
    Object.assign(run, unclaimed);
  }
}

/** Changing runs per person per minute; reads are not counted. */
export function withinRateLimit(deps: RunDeps, call: RunCall, run: Admission): void {
  if (run.action.risk !== 'read') deps.rateLimit.take(call.actor.id);
}

/** Reads one person may have running at once; the place is freed when the run ends. */
export function withinReadCap(deps: RunDeps, call: RunCall, run: Admission): void {
  if (run.action.risk === 'read' && deps.readsInFlight) {
    run.leave = deps.readsInFlight.enter(call.actor.id);
  }
}
