import { afterAll, describe, expect, it } from 'vitest';
import { requestApproval } from '../../../../server/approvals/approvals.ts';
import { sha256 } from '../../../../server/audit/record.ts';
import { testApp } from '../../../support/app.ts';

// Approving touches no target: the Temporal address here has no server behind it.
const people = ['hana', 'ivan', 'jo', 'kim', 'olga'];
const runsheet = testApp({
  temporal: { address: '127.0.0.1:9', connectTimeoutMs: 200 },
  kubernetes: { namespace: 'wms' },
  environment: 'production',
  identity: {
    mode: 'token',
    tokens: people.map((name) => ({ user: `${name}@example.com`, sha256: sha256(name) })),
    grants: [
      { subject: 'user:hana@example.com', role: 'admin', environments: ['production'] },
      // An admin, but only of the wms namespace.
      {
        subject: 'user:ivan@example.com',
        role: 'admin',
        environments: ['production'],
        kubernetesNamespaces: ['wms'],
      },
      { subject: 'user:jo@example.com', role: 'admin', environments: ['production'] },
      { subject: 'user:kim@example.com', role: 'admin', environments: ['production'] },
      { subject: 'user:olga@example.com', role: 'operator', environments: ['production'] },
    ],
  },
  policy: { twoPersonRule: true },
});
afterAll(() => runsheet.close());

const hana = { id: 'hana@example.com', groups: [] };

/** hana asks to restart a pod in this namespace. */
async function requested(namespace: string) {
  const approval = await requestApproval(runsheet.audit, 'production', hana, {
    action: 'kubernetes.pod.restart',
    input: { pod: 'orchestrator-worker-0', namespace, timeoutSeconds: 60 },
    reason: 'Stuck worker',
    preview: { summary: `Delete pod orchestrator-worker-0 (${namespace})` },
  });
  return approval.id;
}

async function approve(person: string, id: string) {
  const response = await runsheet.app.request(`/api/approvals/${id}/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${person}` },
    body: '{}',
  });
  return {
    status: response.status,
    body: (await response.json()) as { approvedBy?: string; error?: { message: string } },
  };
}

describe('approving a destructive run', () => {
  it("is authorized with the approver's own scope: no approving outside one's namespaces", async () => {
    const billing = await requested('billing');
    const refused = await approve('ivan', billing);
    expect(refused.status).toBe(403);
    expect(refused.body.error!.message).toBe(
      `ivan@example.com cannot approve ${billing}: ivan@example.com may run destructive actions in production, but not in the kubernetes namespace billing.`,
    );
    // Someone whose grant covers billing still can: the request was not spent by the refusal.
    expect(await approve('jo', billing)).toMatchObject({
      status: 200,
      body: { approvedBy: 'jo@example.com' },
    });

    const wms = await requested('wms');
    expect(await approve('ivan', wms)).toMatchObject({
      status: 200,
      body: { approvedBy: 'ivan@example.com' },
    });
  });

  it('needs the admin role', async () => {
    const id = await requested('wms');
    const refused = await approve('olga', id);
    expect(refused.status).toBe(403);
    expect(refused.body.error!.message).toBe(
      'Approving a destructive run needs the admin role in production, which olga@example.com does not have.',
    );
  });

  it('lets exactly one of several admins approving at once record the approval', async () => {
    const id = await requested('wms');
    const answers = await Promise.all(['ivan', 'jo', 'kim'].map((person) => approve(person, id)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    for (const answer of answers.filter((answer) => answer.status !== 200)) {
      expect(answer.status).toBe(409);
      expect(answer.body.error!.message).toMatch(
        new RegExp(`^${id} was (just approved by another admin|already approved by \\S+)\\.$`),
      );
    }
    const granted = await runsheet.audit.list({ kind: 'approval.granted', runId: id });
    expect(granted).toHaveLength(1);
  });
});
