import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditStore } from '../../../../server/audit/audit-store.ts';
import { ephemeralKeys } from '../../../../server/audit/mac-keys.ts';
import { createMongoAuditStore } from '../../../../server/audit/mongo-store.ts';
import { sha256 } from '../../../../server/audit/record.ts';
import { createSqliteAuditStore } from '../../../../server/audit/sqlite-store.ts';
import { orderWorkflowId } from '../../../../sandbox/shared.ts';
import { testApp } from '../../../support/app.ts';
import { mongoUriWithCredentials } from '../../../support/mongo-uri.ts';
import { startWms, type Wms } from '../../../support/wms.ts';

const temporal = inject('temporal');
const mongo = inject('mongo');
const database = `runsheet_race_${randomUUID().slice(0, 8)}`;
let wms: Wms;

beforeAll(async () => {
  wms = await startWms(temporal);
});
afterAll(async () => {
  await wms?.close();
  const client = new MongoClient(mongoUriWithCredentials(mongo));
  await client.db(database).dropDatabase();
  await client.close();
});

const stores: [string, () => AuditStore][] = [
  ['SQLite', () => createSqliteAuditStore(':memory:')],
  [
    `MongoDB protocol (${mongo.product})`,
    () =>
      createMongoAuditStore({
        uri: mongoUriWithCredentials(mongo),
        database,
        keys: ephemeralKeys(),
      }),
  ],
];

describe.each(stores)('one approval used by 12 runs at once, on the %s store', (_, open) => {
  it('opens the gate for exactly one run and refuses the rest, saying why', async () => {
    const runsheet = testApp(
      {
        temporal,
        environment: 'production',
        identity: {
          mode: 'token',
          tokens: ['hana', 'ivan'].map((name) => ({
            user: `${name}@example.com`,
            sha256: sha256(name),
          })),
          grants: [{ subject: '*', role: 'admin', environments: ['production'] }],
        },
        policy: { twoPersonRule: true, writeRunsPerMinute: 100 },
      },
      { audit: open() },
    );
    const as = (token: string, path: string, body: unknown) =>
      runsheet.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    try {
      const { orderId } = await wms.stuckOrder();
      const terminate = {
        action: 'temporal.workflow.terminate',
        input: { workflowId: orderWorkflowId(orderId) },
        confirm: true,
        reason: 'Emergency stop: [incident-456]',
      };
      const requested = (await (await as('hana', '/api/runs', terminate)).json()) as {
        error: { approvalId: string };
      };
      const approvalId = requested.error.approvalId;
      expect((await as('ivan', `/api/approvals/${approvalId}/approve`, {})).status).toBe(200);

      const answers = await Promise.all(
        Array.from({ length: 12 }, async () => {
          const response = await as('hana', '/api/runs', { ...terminate, approvalId });
          const body = (await response.json()) as { error?: { code: string; message: string } };
          return { status: response.status, error: body.error };
        }),
      );

      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
      const used = new RegExp(`^${approvalId} was already used (at \\S+|by another run)\\.$`);
      // A run that came late may find the workflow gone already: refused by its preview instead.
      const gone = `${orderWorkflowId(orderId)} is already TERMINATED: there is nothing to terminate.`;
      for (const { status, error } of answers.filter((answer) => answer.status !== 200)) {
        expect(status).toBe(409);
        expect(error!.code).toBe('precondition_failed');
        expect(used.test(error!.message) || error!.message === gone).toBe(true);
      }
      // The trail agrees: one use of the approval, one terminate that ran.
      expect(await runsheet.audit.list({ kind: 'approval.used', runId: approvalId })).toHaveLength(
        1,
      );
      const ran = await runsheet.audit.list({
        kind: 'finished',
        action: terminate.action,
        outcome: 'succeeded',
      });
      expect(ran).toHaveLength(1);
      expect(await runsheet.audit.verify()).toMatchObject({ ok: true });
    } finally {
      await runsheet.close();
    }
  });
});
