import { riskGate } from './risk-gate.ts';
import {
  adhocAllowed,
  policyAllows,
  stepDeclared,
  whoIsAsking,
  withinRateLimit,
  withinReadCap,
} from './admission.ts';
import { secondPersonApproved } from './second-person.ts';
import type { AdmissionStage, Executing, ExecutionStage, RunCall, RunDeps } from './run-types.ts';

/**
 * The gate of every run, in the order a run meets it; `executeRun` walks these lists and nothing
 * else decides whether or how a run happens:
 *
 * 1. identity — who asks comes from the identify middleware, never from the body
 * 2. validate — the body, the action id and the action's input (`validateRun` in execute-run.ts)
 * 3. ad hoc — a cell on an incident page: policy.adhoc and an open incident (instead of 5)
 * 4. policy — kill switches, the role the risk needs, the grant's scope
 * 5. declared steps — in `declared` mode only the built runbooks' steps, as written
 * 6. rate limits — changing runs per person per minute; reads per person in flight
 * 7. audit "started" — fail closed: nothing touches a target before the trail has the run
 * 8. risk gate — preview, confirmation and reason (a refusal here is recorded as `refused`)
 * 9. second person — the two-person rule's approval, for destructive runs and every ad-hoc change
 * 10. run — the action itself
 * 11. audit "finished" — outcome, duration, result digest
 *
 * The risk gate comes after "started" because its preview already reads the target.
 */

/** Stages before the trail: each may refuse; none touches a target. */
export const admission: readonly AdmissionStage[] = [
  whoIsAsking,
  adhocAllowed,
  policyAllows,
  stepDeclared,
  withinRateLimit,
  withinReadCap,
];

/** Stages after "started", before the action runs: each may refuse with the preview. */
export const beforeRunning: readonly ExecutionStage[] = [riskChecked, secondPersonApproved];

/** Reads run at once; a write needs confirmation, a destructive action also a reason. */
async function riskChecked(_deps: RunDeps, _call: RunCall, run: Executing): Promise<void> {
  run.preview = await riskGate(run.action, run.ctx, run.input, run.request.confirm);
}
