import type { Action } from '../actions/define-action.ts';
import type { Actor } from './actor.ts';
import type { Risk } from '../actions/types.ts';
import { ActionError } from '../errors.ts';
import type { Targets } from '../targets/targets.ts';
import {
  roles,
  type Grant,
  type IdentityConfig,
  type PolicyConfig,
  type Role,
} from './auth-config.ts';

const roleFor: Record<Risk, Role> = { read: 'viewer', write: 'operator', destructive: 'admin' };
const rank = (role: Role) => roles.indexOf(role);

/** The grants that hold for this person in this environment. */
export function grantsOf(actor: Actor, environment: string, identity: IdentityConfig): Grant[] {
  if (identity.mode === 'local') {
    return actor.id === identity.localUser
      ? [{ subject: `user:${actor.id}`, role: identity.localRole, environments: ['*'] }]
      : [];
  }
  return identity.grants.filter(
    (grant) =>
      (grant.environments.includes('*') || grant.environments.includes(environment)) &&
      (grant.subject === '*' ||
        grant.subject === `user:${actor.id}` ||
        actor.groups.some((group) => grant.subject === `group:${group}`)),
  );
}

/** What an action touches, for scoped grants: a Kubernetes or Temporal namespace, a Mongo database. */
export interface Scope {
  system: 'temporal' | 'kubernetes' | 'mongo';
  /** The namespace (Kubernetes, Temporal) or database (Mongo); undefined for server-wide actions. */
  namespace: string | undefined;
  /** A read across every namespace (`kubectl -A`): only a grant narrowed to no namespace covers it. */
  allNamespaces?: boolean;
}

export function scopeOf(
  action: Action,
  input: unknown,
  targets: Pick<Targets, 'temporal' | 'kubernetes'>,
): Scope {
  const system = action.id.split('.')[0] as Scope['system'];
  const {
    namespace: named,
    allNamespaces,
    database,
  } = (input as { namespace?: string; allNamespaces?: boolean; database?: string } | null) ?? {};
  if (system === 'temporal') return { system, namespace: targets.temporal.namespace };
  if (system === 'kubernetes' && (allNamespaces === true || action.clusterWide)) {
    return { system, namespace: undefined, allNamespaces: true };
  }
  if (system === 'kubernetes') return { system, namespace: named ?? targets.kubernetes.namespace };
  return { system, namespace: database };
}

const scopesOf = (grant: Grant): Record<Scope['system'], string[] | undefined> => ({
  kubernetes: grant.kubernetesNamespaces,
  temporal: grant.temporalNamespaces,
  mongo: grant.mongoDatabases,
});

/**
 * An unscoped grant covers everything; a scoped one only the systems and names it lists (`*`: all
 * of that system, also across namespaces).
 */
function covers(grant: Grant, { system, namespace, allNamespaces }: Scope): boolean {
  const scopes = scopesOf(grant);
  if (Object.values(scopes).every((listed) => listed === undefined)) return true;
  const allowed = scopes[system];
  if (!allowed) return false;
  if (allowed.includes('*')) return true;
  return !allNamespaces && namespace !== undefined && allowed.includes(namespace);
}

const scopeNoun = { kubernetes: 'namespace', temporal: 'namespace', mongo: 'database' } as const;

export interface Decision {
  allowed: boolean;
  /** Why not, in words for the person. */
  reason: string | null;
}

/** May this person run this action here? Kill switches first, then the role the risk needs. */
export function decide(
  {
    actor,
    action,
    scope,
    environment,
  }: { actor: Actor; action: Action; scope: Scope; environment: string },
  identity: IdentityConfig,
  policy: PolicyConfig,
): Decision {
  if (policy.disabledActions.includes(action.id)) {
    return { allowed: false, reason: `${action.id} is switched off in ${environment}.` };
  }
  if (policy.readOnly && action.risk !== 'read') {
    return {
      allowed: false,
      reason: `${environment} is in read-only mode: only read actions run.`,
    };
  }
  const needed = roleFor[action.risk];
  const grants = grantsOf(actor, environment, identity).filter(
    (grant) => rank(grant.role) >= rank(needed),
  );
  if (grants.length === 0) {
    return {
      allowed: false,
      reason: `${action.title} is a ${action.risk} action: it needs the ${needed} role in ${environment}, which ${actor.id} does not have.`,
    };
  }
  if (!grants.some((grant) => covers(grant, scope))) {
    const where = scope.allNamespaces
      ? `across all ${scope.system} namespaces or cluster-wide: a grant narrowed to namespaces covers only those`
      : scope.namespace
        ? `in the ${scope.system} ${scopeNoun[scope.system]} ${scope.namespace}`
        : `server-wide ${scope.system} actions, which need a grant for all of ${scope.system}`;
    return {
      allowed: false,
      reason: `${actor.id} may run ${action.risk} actions in ${environment}, but not ${where}.`,
    };
  }
  return { allowed: true, reason: null };
}

export function authorize(
  request: Parameters<typeof decide>[0],
  identity: IdentityConfig,
  policy: PolicyConfig,
): void {
  const { allowed, reason } = decide(request, identity, policy);
  if (!allowed) {
    throw new ActionError('permission_denied', reason!, {
      hint: 'Ask an admin of this Runsheet for the role, or for a colleague who has it to run the step.',
    });
  }
}

/** What GET /api/me tells the UI, so it can show a forbidden step as disabled with the reason. */
export function permissionsOf(
  actor: Actor,
  environment: string,
  identity: IdentityConfig,
  policy: PolicyConfig,
) {
  const grants = grantsOf(actor, environment, identity);
  const best = grants.reduce<Role | null>(
    (top, grant) => (!top || rank(grant.role) > rank(top) ? grant.role : top),
    null,
  );
  return {
    actor,
    environment,
    role: best,
    grants: grants.map(({ role, kubernetesNamespaces, temporalNamespaces, mongoDatabases }) => ({
      role,
      kubernetesNamespaces,
      temporalNamespaces,
      mongoDatabases,
    })),
    readOnly: policy.readOnly,
    disabledActions: policy.disabledActions,
    twoPersonRule: policy.twoPersonRule,
  };
}

/** For Runsheet's own changes (opening an incident…): at least this role here. */
export function requireRole(
  actor: Actor,
  role: Role,
  environment: string,
  identity: IdentityConfig,
  what: string,
): void {
  const held = grantsOf(actor, environment, identity).some(
    (grant) => rank(grant.role) >= rank(role),
  );
  if (!held) {
    throw new ActionError(
      'permission_denied',
      `${what} needs the ${role} role in ${environment}, which ${actor.id} does not have.`,
    );
  }
}

/** The one environment drills inject incidents into: never one with real orders in it. */
export const DRILL_ENVIRONMENT = 'sandbox';

/** Why drills cannot run here, or null where they can. */
export function drillsRefusal(environment: string): string | null {
  return environment === DRILL_ENVIRONMENT
    ? null
    : `Drills run only in the ${DRILL_ENVIRONMENT} environment: they inject incidents, and this backend acts on ${environment}.`;
}

/** Starting or checking a drill: only in the sandbox, and by someone who may run write steps there. */
export function authorizeDrill(
  actor: Actor,
  environment: string,
  identity: IdentityConfig,
  what: string,
): void {
  const refusal = drillsRefusal(environment);
  if (refusal) {
    throw new ActionError('permission_denied', refusal, {
      hint: 'Practise on a Runsheet whose environment is sandbox: `npm start` with no target configured runs one.',
    });
  }
  requireRole(actor, 'operator', environment, identity, what);
}
