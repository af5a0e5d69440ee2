import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { startMain } from '../support/main-process.ts';
import { api, idleWorkflows, startWithTargets, tokenIdentity } from './attack.ts';

/**
 * The authorization matrix with approvals and scopes (issue 12): under the two-person rule, an
 * admin limited to one namespace approved destructive runs in any namespace (runs they were
 * themselves refused). Now approving needs what running needs; and an approval still opens only
 * the run it was asked for, by the one who asked, once.
 */
const { namespace } = inject('temporal');
let runsheet: Awaited<ReturnType<typeof startMain>>;
let idle: Awaited<ReturnType<typeof idleWorkflows>>;
let target: WorkflowHandle;
let approvalId: string;

const terminate = (workflowId: string) => ({
  action: 'temporal.workflow.terminate',
  input: { workflowId },
  confirm: true,
  reason: 'red team: two-person rule',
});
const as = (person: string, path: string, body?: unknown) =>
  api(runsheet.url, `${person}@example.com`, path, body);
const approve = (person: string) => as(person, `/api/approvals/${approvalId}/approve`, {});
const statusOf = async (handle: WorkflowHandle) => (await handle.describe()).status.name;

beforeAll(async () => {
  [runsheet, idle] = await Promise.all([
    startWithTargets({
      identity: tokenIdentity({
        'hana@example.com': [{ role: 'admin' }],
        'ivan@example.com': [{ role: 'admin' }],
        'kim@example.com': [{ role: 'admin', temporalNamespaces: ['billing'] }],
        'kube@example.com': [{ role: 'admin', kubernetesNamespaces: ['wms'] }],
        'vic@example.com': [{ role: 'viewer' }],
      }),
      policy: { twoPersonRule: true },
    }),
    idleWorkflows(),
  ]);
  target = await idle.start();
  const requested = await as('hana', '/api/runs', terminate(target.workflowId));
  expect(requested.body.error?.code).toBe('approval_required');
  approvalId = requested.body.error!.approvalId!;
});
afterAll(async () => {
  await Promise.all([runsheet?.stop(), idle?.close()]);
});

describe('approving a destructive run', () => {
  it('is refused to an admin whose grant does not cover its namespace, saying why', async () => {
    for (const person of ['kim', 'kube']) {
      const answer = await approve(person);
      expect(answer.status).toBe(403);
      expect(answer.body.error).toMatchObject({
        code: 'permission_denied',
        message: `${person}@example.com cannot approve ${approvalId}: ${person}@example.com may run destructive actions in staging, but not in the temporal namespace ${namespace}.`,
      });
    }
  });

  it('is refused to the admin who requested it', async () => {
    const answer = await approve('hana');
    expect(answer.status).toBe(403);
    expect(answer.body.error?.message).toBe(
      `hana@example.com requested ${approvalId}: a different admin must approve it.`,
    );
  });

  it('is refused to a viewer, for the role', async () => {
    const answer = await approve('vic');
    expect(answer.status).toBe(403);
    expect(answer.body.error?.message).toBe(
      'Approving a destructive run needs the admin role in staging, which vic@example.com does not have.',
    );
  });

  it('left the request waiting, and is granted to another admin whose grant covers it', async () => {
    const { body } = await as('vic', '/api/approvals');
    expect(body['approvals']).toContainEqual(
      expect.objectContaining({ id: approvalId, approvedBy: null }),
    );
    const answer = await approve('ivan');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: approvalId,
      requestedBy: 'hana@example.com',
      approvedBy: 'ivan@example.com',
    });
  });
});

describe('an approval id', () => {
  it('does not open the same action on another input', async () => {
    const other = await idle.start();
    const answer = await as('hana', '/api/runs', { ...terminate(other.workflowId), approvalId });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({
      code: 'precondition_failed',
      message: `${approvalId} approves a different temporal.workflow.terminate than this one.`,
    });
    expect(await statusOf(other)).toBe('RUNNING');
  });

  it('does not open another action on the same workflow', async () => {
    const query = `WorkflowId="${target.workflowId}"`;
    // The batch's preview counts what matches: let visibility list the workflow first.
    await vi.waitFor(async () => expect((await idle.client.workflow.count(query)).count).toBe(1), {
      timeout: 20_000,
    });
    const answer = await as('hana', '/api/runs', {
      ...terminate(target.workflowId),
      action: 'temporal.batch.terminate',
      input: { query },
      approvalId,
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error?.message).toBe(
      `${approvalId} approves a different temporal.workflow.terminate than this one.`,
    );
    expect(await statusOf(target)).toBe('RUNNING');
  });

  it('does not open the run for anyone but the requester, not even its approver', async () => {
    const answer = await as('ivan', '/api/runs', { ...terminate(target.workflowId), approvalId });
    expect(answer.status).toBe(403);
    expect(answer.body.error?.message).toBe(
      `${approvalId} was requested by hana@example.com; only they can use it.`,
    );
    expect(await statusOf(target)).toBe('RUNNING');
  });

  it('opens the approved run for its requester, and is spent by it', async () => {
    const done = await as('hana', '/api/runs', { ...terminate(target.workflowId), approvalId });
    expect(done.status).toBe(200);
    expect(await statusOf(target)).toBe('TERMINATED');
    // Spent once, whatever comes next (the approval race test has many runs try at once).
    const { body } = await as('vic', '/api/approvals');
    expect(body['approvals']).toContainEqual(
      expect.objectContaining({ id: approvalId, usedAt: expect.any(String) }),
    );
  });
});
