import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../../server/audit/record.ts';
import { roles, type Role } from '../../../../server/auth/auth-config.ts';
import { startIncident } from '../../../../server/incidents/incidents.ts';
import type { Risk } from '../../../../server/actions/types.ts';
import { testApp } from '../../../support/app.ts';

// The authorization matrix for ad-hoc work: every role, in every kind of environment, under every
// policy.adhoc setting, for a read, a write and a destructive action, through POST /api/runs.
// Temporal is unreachable here: a run the gates let through fails at the target (503), which is
// what tells "allowed" from "refused" (403) without touching a server.
const environments = ['sandbox', 'staging', 'production'] as const;
const modes = [undefined, 'off', 'read', 'all'] as const;
const actionFor: Record<Risk, { action: string; input: Record<string, unknown> }> = {
  read: { action: 'temporal.workflow.describe', input: { workflowId: 'order-fulfillment-ORD-1' } },
  write: {
    action: 'temporal.workflow.signal',
    input: { workflowId: 'order-fulfillment-ORD-1', signalName: 'waveAssigned' },
  },
  destructive: {
    action: 'temporal.workflow.terminate',
    input: { workflowId: 'order-fulfillment-ORD-1' },
  },
};
const needed: Record<Risk, Role> = { read: 'viewer', write: 'operator', destructive: 'admin' };
const who = (role: Role | 'nobody') => `${role}@example.com`;

function expected(
  role: Role | 'nobody',
  environment: string,
  mode: string | undefined,
  risk: Risk,
) {
  const effective = mode ?? (environment === 'sandbox' ? 'all' : 'read');
  if (effective === 'off') return 'policy';
  if (effective === 'read' && risk !== 'read') return 'policy';
  if (role === 'nobody' || roles.indexOf(role) < roles.indexOf(needed[risk])) return 'role';
  return 'allowed';
}

const apps: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
});

describe.each(environments)('ad hoc in %s', (environment) => {
  describe.each(modes)('policy.adhoc %s', (mode) => {
    const runsheet = testApp({
      environment,
      temporal: { address: '127.0.0.1:9', connectTimeoutMs: 200, rpcTimeoutMs: 300 },
      identity: {
        mode: 'token',
        tokens: [...roles, 'nobody'].map((role) => ({
          user: who(role as Role),
          sha256: sha256(`${role}-token`),
        })),
        grants: roles.map((role) => ({ subject: `user:${who(role)}`, role })),
      },
      policy: mode ? { adhoc: mode } : {},
      // Runbook pages run only their declared steps here; the cells answer to policy.adhoc.
      steps: 'declared',
    });
    apps.push(runsheet);
    const incident = startIncident(
      runsheet.audit,
      environment,
      { id: 'lead', groups: [] },
      {
        title: 'Orders stuck',
        severity: 'P1',
      },
    );

    describe.each([...roles, 'nobody' as const])('%s', (role) => {
      it.each(['read', 'write', 'destructive'] as const)('%s', async (risk) => {
        const { id } = await incident;
        const response = await runsheet.app.request('/api/runs', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${role}-token` },
          body: JSON.stringify({
            ...actionFor[risk],
            confirm: true,
            reason: 'INC: checking',
            incidentId: id,
            line: 'typed',
          }),
        });
        const body = (await response.json()) as { error?: { code: string; message: string } };
        const outcome = expected(role, environment, mode, risk);
        if (outcome === 'allowed') {
          expect(response.status, JSON.stringify(body)).toBe(503);
          const started = (await runsheet.audit.list({ incidentId: id, limit: 1000 })).find(
            (record) => record.kind === 'started' && record.actor === who(role),
          );
          expect(started).toMatchObject({ adhoc: true, line: 'typed', incidentId: id });
        } else {
          expect(response.status).toBe(403);
          expect(body.error!.message).toMatch(
            outcome === 'policy'
              ? /Ad-hoc runs are off|Only read actions run ad hoc/
              : new RegExp(`needs the ${needed[risk]} role in ${environment}`),
          );
        }
      });
    });
  });
});

describe('the declared-steps gate stays for runbook pages', () => {
  const runsheet = testApp({ environment: 'production', steps: 'declared' });
  apps.push(runsheet);
  it('refuses the same call without an incident', async () => {
    const { status, body } = await runsheet.run(actionFor.read);
    expect(status).toBe(403);
    expect(body.error!.code).toBe('step_not_declared');
  });
  it('refuses ad-hoc work on an incident that does not exist', async () => {
    const { status, body } = await runsheet.run({ ...actionFor.read, incidentId: 'INC-NOPE' });
    expect(status).toBe(404);
    expect(body.error!.message).toBe('There is no incident INC-NOPE in production.');
  });
});
