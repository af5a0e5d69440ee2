import { describe, expect, it } from 'vitest';
import type { Action } from '../../../../server/actions/define-action.ts';
import { actions } from '../../../../server/actions/registry.ts';
import {
  identityConfigSchema,
  policyConfigSchema,
  roles,
  type Role,
} from '../../../../server/auth/auth-config.ts';
import { decide, scopeOf } from '../../../../server/auth/policy.ts';

const rank = (role: Role) => roles.indexOf(role);
const needed = { read: 'viewer', write: 'operator', destructive: 'admin' } as const;

function identityWith(grants: object[]) {
  return identityConfigSchema.parse({ mode: 'proxy', grants });
}
const policy = (overrides: object = {}) => policyConfigSchema.parse(overrides);
const actor = { id: 'erin@example.com', groups: ['wms-oncall'] };
const targets = (temporalNamespace = 'default') =>
  ({
    temporal: { namespace: temporalNamespace },
    kubernetes: { namespace: 'wms' },
  }) as Parameters<typeof scopeOf>[2];
const scope = (action: Action, namespace?: string) => scopeOf(action, { namespace }, targets());

// Generated from the registry: every action, present and future, against every role.
describe.each(actions.map((action) => [action.id, action] as const))('%s', (_, action) => {
  it.each(roles)(
    `is allowed for %s exactly when the role covers its risk (${action.risk})`,
    (role) => {
      const identity = identityWith([
        { subject: 'group:wms-oncall', role, environments: ['production'] },
      ]);
      const decision = decide(
        { actor, action, scope: scope(action), environment: 'production' },
        identity,
        policy(),
      );
      expect(decision.allowed).toBe(rank(role) >= rank(needed[action.risk]));
      if (!decision.allowed)
        expect(decision.reason).toContain(`it needs the ${needed[action.risk]} role in production`);
    },
  );
});

describe('grants', () => {
  const action = actions.find((candidate) => candidate.id === 'temporal.workflow.terminate')!;

  it('hold only in their environments', () => {
    const identity = identityWith([
      { subject: 'user:erin@example.com', role: 'admin', environments: ['staging'] },
    ]);
    expect(
      decide({ actor, action, scope: scope(action), environment: 'staging' }, identity, policy())
        .allowed,
    ).toBe(true);
    expect(
      decide({ actor, action, scope: scope(action), environment: 'production' }, identity, policy())
        .allowed,
    ).toBe(false);
  });

  it('can be narrowed to a Temporal namespace', () => {
    const identity = identityWith([{ subject: '*', role: 'admin', temporalNamespaces: ['wms'] }]);
    const wms = decide(
      { actor, action, scope: scopeOf(action, {}, targets('wms')), environment: 'production' },
      identity,
      policy(),
    );
    const other = decide(
      { actor, action, scope: scopeOf(action, {}, targets('billing')), environment: 'production' },
      identity,
      policy(),
    );
    expect(wms.allowed).toBe(true);
    expect(other).toEqual({
      allowed: false,
      reason:
        'erin@example.com may run destructive actions in production, but not in the temporal namespace billing.',
    });
  });

  it('give nobody anything unless configured (outside local mode)', () => {
    expect(
      decide(
        { actor, action, scope: scope(action), environment: 'production' },
        identityWith([]),
        policy(),
      ).allowed,
    ).toBe(false);
  });

  it('give the local user their local role in local mode', () => {
    const identity = identityConfigSchema.parse({
      mode: 'local',
      localUser: 'erin@example.com',
      localRole: 'operator',
    });
    expect(
      decide({ actor, action, scope: scope(action), environment: 'sandbox' }, identity, policy())
        .allowed,
    ).toBe(false);
  });
});

describe('scoped grants', () => {
  const byId = (id: string) => actions.find((candidate) => candidate.id === id)!;
  const pods = byId('kubernetes.pods.list');
  const history = byId('temporal.workflow.history');
  const slowOps = byId('mongo.slowOps');
  const ping = byId('mongo.ping');
  const allows = (grant: object, action: Action, input: object) =>
    decide(
      {
        actor,
        action,
        scope: scopeOf(action, input, targets('wms')),
        environment: 'production',
      },
      identityWith([{ subject: '*', role: 'admin', ...grant }]),
      policy(),
    ).allowed;

  // Every system's action against every kind of scope: [grant, pods in wms, pods in billing,
  // temporal namespace wms, mongo wes_db, mongo billing_db, mongo server-wide].
  const cases: [string, object, boolean[]][] = [
    ['unscoped', {}, [true, true, true, true, true, true]],
    [
      'Kubernetes only',
      { kubernetesNamespaces: ['wms'] },
      [true, false, false, false, false, false],
    ],
    ['Temporal only', { temporalNamespaces: ['wms'] }, [false, false, true, false, false, false]],
    ['Mongo only', { mongoDatabases: ['wes_db'] }, [false, false, false, true, false, false]],
    ['all of Mongo', { mongoDatabases: ['*'] }, [false, false, false, true, true, true]],
    [
      'Kubernetes and all of Temporal',
      { kubernetesNamespaces: ['wms'], temporalNamespaces: ['*'] },
      [true, false, true, false, false, false],
    ],
  ];
  it.each(cases)('a %s grant covers exactly its systems and names', (_, grant, expected) => {
    expect([
      allows(grant, pods, { namespace: 'wms' }),
      allows(grant, pods, { namespace: 'billing' }),
      allows(grant, history, {}),
      allows(grant, slowOps, { database: 'wes_db' }),
      allows(grant, slowOps, { database: 'billing_db' }),
      allows(grant, ping, {}),
    ]).toEqual(expected);
  });

  it('says which database a Mongo-scoped grant does not cover', () => {
    const identity = identityWith([{ subject: '*', role: 'admin', mongoDatabases: ['wes_db'] }]);
    const decision = decide(
      {
        actor,
        action: slowOps,
        scope: scopeOf(slowOps, { database: 'billing_db' }, targets()),
        environment: 'production',
      },
      identity,
      policy(),
    );
    expect(decision.reason).toBe(
      'erin@example.com may run read actions in production, but not in the mongo database billing_db.',
    );
  });
});

describe('kill switches', () => {
  const admin = identityWith([{ subject: '*', role: 'admin' }]);
  const read = actions.find((candidate) => candidate.risk === 'read')!;
  const write = actions.find((candidate) => candidate.risk === 'write')!;

  it('read-only mode refuses every change and keeps reads', () => {
    const readOnly = policy({ readOnly: true });
    expect(
      decide(
        { actor, action: read, scope: scope(read), environment: 'production' },
        admin,
        readOnly,
      ).allowed,
    ).toBe(true);
    expect(
      decide(
        { actor, action: write, scope: scope(write), environment: 'production' },
        admin,
        readOnly,
      ),
    ).toEqual({
      allowed: false,
      reason: 'production is in read-only mode: only read actions run.',
    });
  });

  it('a disabled action is refused for everyone, naming it', () => {
    const disabled = policy({ disabledActions: [read.id] });
    expect(
      decide(
        { actor, action: read, scope: scope(read), environment: 'production' },
        admin,
        disabled,
      ),
    ).toEqual({
      allowed: false,
      reason: `${read.id} is switched off in production.`,
    });
  });
});

describe('reads across every namespace (kubectl -A) and cluster-wide reads', () => {
  const deployments = actions.find((candidate) => candidate.id === 'kubernetes.deployments.list')!;
  const nodes = actions.find((candidate) => candidate.id === 'kubernetes.nodes.list')!;
  const narrowed = identityWith([
    { subject: '*', role: 'viewer', kubernetesNamespaces: ['wms', 'billing'] },
  ]);
  const everywhere = identityWith([{ subject: '*', role: 'viewer' }]);
  const decideFor = (action: Action, input: object, identity: typeof narrowed) =>
    decide(
      { actor, action, scope: scopeOf(action, input, targets()), environment: 'production' },
      identity,
      policy(),
    );

  it('are refused to a grant narrowed to namespaces, even one that names every namespace in use', () => {
    expect(decideFor(deployments, { allNamespaces: true }, narrowed)).toEqual({
      allowed: false,
      reason:
        'erin@example.com may run read actions in production, but not across all kubernetes namespaces or cluster-wide: a grant narrowed to namespaces covers only those.',
    });
    expect(decideFor(nodes, {}, narrowed).allowed).toBe(false);
  });

  it('are allowed to a grant not narrowed to namespaces', () => {
    expect(decideFor(deployments, { allNamespaces: true }, everywhere).allowed).toBe(true);
    expect(decideFor(nodes, {}, everywhere).allowed).toBe(true);
  });

  it('leave reads of one namespace to the namespaces the grant names', () => {
    expect(decideFor(deployments, { namespace: 'billing' }, narrowed).allowed).toBe(true);
    expect(decideFor(deployments, { allNamespaces: false }, narrowed).allowed).toBe(true);
    expect(decideFor(deployments, { namespace: 'payments' }, narrowed).allowed).toBe(false);
  });
});
