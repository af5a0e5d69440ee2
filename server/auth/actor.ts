/** Who is running the step, as the backend established it (never as the browser claims it). */
// A leaf module: identity, policy, the targets and the audit trail all name the actor.
export interface Actor {
  /** Stable identifier, e.g. `alice@example.com`; shows in Temporal's history as `runsheet:<id>`. */
  id: string;
  /** Groups from the proxy or the token, for grants to `group:<name>`. */
  groups: string[];
}
