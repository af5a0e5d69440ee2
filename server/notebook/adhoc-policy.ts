import type { Action } from '../actions/define-action.ts';
import type { Risk } from '../actions/types.ts';
import type { Actor } from '../auth/actor.ts';
import { roles, type IdentityConfig, type PolicyConfig, type Role } from '../auth/auth-config.ts';
import { grantsOf } from '../auth/policy.ts';
import { ActionError } from '../errors.ts';

/**
 * Ad-hoc work: a line typed or an action's form filled on an incident page (or `runsheet run
 * --incident`), not a step of a deployed runbook. The declared-steps gate does not apply to it;
 * this policy does, on top of the roles: `off`, none; `read`, reads only; `all`, writes and
 * destructive runs too, each only after a second person's approval.
 */
export type AdhocMode = NonNullable<PolicyConfig['adhoc']>;

const roleFor: Record<Risk, Role> = { read: 'viewer', write: 'operator', destructive: 'admin' };

/** The setting, else `all` in the sandbox (trying things is the point there) and `read` elsewhere. */
export function adhocModeOf(policy: PolicyConfig, environment: string): AdhocMode {
  return policy.adhoc ?? (environment === 'sandbox' ? 'all' : 'read');
}

/** Why the policy (not the role) refuses ad-hoc work of this risk here, or null. */
export function adhocPolicyRefusal(
  policy: PolicyConfig,
  environment: string,
  risk: Risk,
): string | null {
  const mode = adhocModeOf(policy, environment);
  if (mode === 'off') {
    return `Ad-hoc runs are off in ${environment} (policy.adhoc is off): run the steps of a runbook page instead.`;
  }
  if (mode === 'read' && risk !== 'read') {
    return `Only read actions run ad hoc in ${environment} (policy.adhoc is read): a ${risk} action needs a runbook step.`;
  }
  if (policy.readOnly && risk !== 'read') {
    return `${environment} is in read-only mode: only read actions run.`;
  }
  return null;
}

/** Refuses an ad-hoc run the policy does not allow (the role is checked by `authorize`). */
export function checkAdhoc(policy: PolicyConfig, environment: string, action: Action): void {
  const refusal = adhocPolicyRefusal(policy, environment, action.risk);
  if (refusal) {
    throw new ActionError('permission_denied', refusal, {
      hint: 'Ask an admin of this Runsheet to change policy.adhoc, or run the step from a runbook page.',
    });
  }
}

/** Whether an ad-hoc run of this risk waits for a second person: every write and destructive one. */
export const adhocNeedsSecondPerson = (risk: Risk) => risk !== 'read';

/** What GET /api/me says of ad-hoc work: the mode, and per risk why not (null: allowed). */
export function adhocPermissions(
  actor: Actor,
  environment: string,
  identity: IdentityConfig,
  policy: PolicyConfig,
) {
  const held = grantsOf(actor, environment, identity).map((grant) => roles.indexOf(grant.role));
  const best = Math.max(-1, ...held);
  const why = (risk: Risk): string | null => {
    const refusal = adhocPolicyRefusal(policy, environment, risk);
    if (refusal) return refusal;
    const needed = roleFor[risk];
    if (best < roles.indexOf(needed)) {
      return `A ${risk} action needs the ${needed} role in ${environment}, which ${actor.id} does not have.`;
    }
    return null;
  };
  return {
    mode: adhocModeOf(policy, environment),
    read: why('read'),
    write: why('write'),
    destructive: why('destructive'),
    /** Said once, for the page: what happens to an allowed ad-hoc write. */
    secondPerson: 'Ad-hoc writes and destructive runs wait for a second admin to approve them.',
  };
}
