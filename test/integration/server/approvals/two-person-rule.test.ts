import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useApproval } from '../../../../server/approvals/approvals.ts';
import { sha256 } from '../../../../server/audit/record.ts';
import { orderWorkflowId } from '../../../../sandbox/shared.ts';
import { testApp } from '../../../support/app.ts';
import { startWms, type Wms } from '../../../support/wms.ts';

const temporal = inject('temporal');
let wms: Wms;
let runsheet: ReturnType<typeof testApp>;

const as = (token: string, path: string, body?: unknown) =>
  runsheet.app.request(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  wms = await startWms(temporal);
  runsheet = testApp({
    temporal,
    environment: 'production',
    identity: {
      mode: 'token',
      tokens: [
        { user: 'hana@example.com', sha256: sha256('hana') },
        { user: 'ivan@example.com', sha256: sha256('ivan') },
      ],
      grants: [{ subject: '*', role: 'admin', environments: ['production'] }],
    },
    policy: { twoPersonRule: true },
  });
});

afterAll(async () => {
  await runsheet?.close();
  await wms?.close();
});

describe('the two-person rule', () => {
  it('files a request, needs a different admin to approve it, then runs it once', async () => {
    const { orderId, handle } = await wms.stuckOrder();
    const terminate = {
      action: 'temporal.workflow.terminate',
      input: { workflowId: orderWorkflowId(orderId) },
      confirm: true,
      reason: 'Emergency stop: [incident-456]',
    };

    const first = await as('hana', '/api/runs', terminate);
    expect(first.status).toBe(409);
    const { error } = (await first.json()) as {
      error: { code: string; message: string; approvalId: string };
    };
    expect(error.code).toBe('approval_required');
    const approvalId = error.approvalId;
    expect(error.message).toContain(`request ${approvalId} is waiting`);
    expect(approvalId).toMatch(/^APR-[0-9A-F]{8}$/);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    const early = await as('hana', '/api/runs', { ...terminate, approvalId });
    expect(((await early.json()) as { error: { message: string } }).error.message).toBe(
      `${approvalId} is still waiting for a second admin's approval.`,
    );
    const self = await as('hana', `/api/approvals/${approvalId}/approve`, {});
    expect(self.status).toBe(403);
    const approved = await as('ivan', `/api/approvals/${approvalId}/approve`, {});
    expect(await approved.json()).toMatchObject({
      approvedBy: 'ivan@example.com',
      requestedBy: 'hana@example.com',
    });

    const another = await wms.stuckOrder();
    const other = await as('hana', '/api/runs', {
      ...terminate,
      input: { workflowId: orderWorkflowId(another.orderId) },
      approvalId,
    });
    expect(((await other.json()) as { error: { message: string } }).error.message).toBe(
      `${approvalId} approves a different temporal.workflow.terminate than this one.`,
    );

    const done = await as('hana', '/api/runs', { ...terminate, approvalId });
    expect(done.status).toBe(200);
    expect((await handle.describe()).status.name).toBe('TERMINATED');

    // Spent: even for the very same run, it does not open the gate twice.
    await expect(
      useApproval(
        runsheet.audit,
        'production',
        { id: 'hana@example.com', groups: [] },
        approvalId,
        {
          action: terminate.action,
          input: terminate.input,
        },
      ),
    ).rejects.toThrow(new RegExp(`^${approvalId} was already used at`));

    const trail = (await (await as('ivan', '/api/audit?action=runsheet.approval')).json()) as {
      records: { kind: string }[];
    };
    expect(trail.records.map((record) => record.kind).reverse()).toEqual([
      'approval.requested',
      'approval.granted',
      'approval.used',
    ]);
    expect(await (await as('ivan', '/api/audit/verify')).json()).toMatchObject({ ok: true });
  });
});
