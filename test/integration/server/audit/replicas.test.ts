import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orderWorkflowId } from '../../../../sandbox/shared.ts';
import { startMain } from '../../../support/main-process.ts';
import { mongoUriWithCredentials } from '../../../support/mongo-uri.ts';
import { startWms, type Wms } from '../../../support/wms.ts';

const temporal = inject('temporal');
const mongo = inject('mongo');
let wms: Wms;

beforeAll(async () => {
  wms = await startWms(temporal);
});
afterAll(() => wms?.close());

describe('two Runsheet processes sharing the MongoDB audit trail (two replicas)', () => {
  it('keep one intact chain while both record runs at once', async () => {
    // 20 reads at once per replica from one local user: above the per-person read cap
    // (policy.readRunsInFlight), which this test is not about.
    const config = join(mkdtempSync(join(tmpdir(), 'runsheet-replicas-')), 'runsheet.config.json');
    writeFileSync(config, JSON.stringify({ policy: { readRunsInFlight: 40 } }));
    const shared = {
      RUNSHEET_CONFIG: config,
      RUNSHEET_TEMPORAL_ADDRESS: temporal.address,
      RUNSHEET_AUDIT_STORE: 'mongodb',
      RUNSHEET_AUDIT_MONGO_URI: mongoUriWithCredentials(mongo),
      RUNSHEET_AUDIT_MONGO_DATABASE: `runsheet_replicas_${randomUUID().slice(0, 8)}`,
      // Replicas share the MAC key, as they would share a Kubernetes Secret.
      RUNSHEET_AUDIT_MAC_KEY: `replicas:${randomBytes(32).toString('base64')}`,
      RUNSHEET_LOG_LEVEL: 'warn',
      RUNSHEET_STEPS: 'any',
    };
    const replicas = await Promise.all([
      startMain({ ...shared, RUNSHEET_LOCAL_USER: 'replica-a@example.com' }),
      startMain({ ...shared, RUNSHEET_LOCAL_USER: 'replica-b@example.com' }),
    ]);
    try {
      const { orderId } = await wms.stuckOrder();
      const describe = (url: string) =>
        fetch(`${url}/api/runs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            action: 'temporal.workflow.describe',
            input: { workflowId: orderWorkflowId(orderId) },
          }),
        }).then((response) => response.status);
      const statuses = await Promise.all(
        Array.from({ length: 40 }, (_, i) => describe(replicas[i % 2]!.url)),
      );
      expect(statuses.every((status) => status === 200)).toBe(true);

      // Either replica sees the whole trail, in one chain: 40 runs × (started, finished).
      for (const replica of replicas) {
        const verify = await (await fetch(`${replica.url}/api/audit/verify`)).json();
        // Each checked against the head it published at start-up too.
        expect(verify).toEqual({
          ok: true,
          checked: 80,
          problem: null,
          head: { seq: expect.any(Number), at: expect.any(String) },
        });
      }
      const { records } = (await (
        await fetch(`${replicas[0]!.url}/api/audit?limit=1000`)
      ).json()) as { records: { actor: string }[] };
      expect(new Set(records.map((record) => record.actor))).toEqual(
        new Set(['replica-a@example.com', 'replica-b@example.com']),
      );
    } finally {
      await Promise.all(replicas.map((replica) => replica.stop()));
    }
  });
});
