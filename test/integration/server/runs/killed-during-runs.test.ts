import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Client, Connection } from '@temporalio/client';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createSqliteAuditStore } from '../../../../server/audit/sqlite-store.ts';
import type { AuditRecord } from '../../../../server/audit/record.ts';
import { startMain } from '../../../support/main-process.ts';
import { eventually } from '../../../support/kubernetes.ts';

const temporal = inject('temporal');

async function trail(path: string): Promise<{ records: AuditRecord[]; ok: boolean }> {
  const audit = createSqliteAuditStore(path);
  try {
    return { records: await Array.fromAsync(audit.all()), ok: (await audit.verify()).ok };
  } finally {
    await audit.close();
  }
}

/** Accepts connections and never answers: a MongoDB that hangs every run sent to it. */
async function silentServer(): Promise<{ address: string; close(): void }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

describe('the backend killed (kill -9) with 200 runs in flight', () => {
  let main: Awaited<ReturnType<typeof startMain>> | undefined;
  afterEach(async () => {
    await main?.stop();
    main = undefined;
  });

  it('loses no run it answered, keeps the chain intact, and closes the rest as interrupted', async () => {
    const connection = await Connection.connect({ address: temporal.address });
    const workflowId = `killed-during-runs-${randomUUID()}`;
    // No worker polls this queue: the workflow stays running, and describing it is quick.
    await new Client({ connection }).workflow.start('OrderFulfillmentWorkflow', {
      taskQueue: `no-worker-${randomUUID()}`,
      workflowId,
      args: [{}],
    });
    await connection.close();
    const silent = await silentServer();
    const dir = mkdtempSync(join(tmpdir(), 'runsheet-killed-'));
    const auditPath = join(dir, 'audit.db');
    // 200 reads at once from one local user: above the per-person read cap
    // (policy.readRunsInFlight), which this test is not about.
    const config = join(dir, 'runsheet.config.json');
    writeFileSync(config, JSON.stringify({ policy: { readRunsInFlight: 200 } }));
    const env = {
      RUNSHEET_CONFIG: config,
      RUNSHEET_AUDIT_SQLITE_PATH: auditPath,
      RUNSHEET_TEMPORAL_ADDRESS: temporal.address,
      RUNSHEET_MONGO_URI: `mongodb://${silent.address}/`,
      RUNSHEET_MONGO_CONNECT_TIMEOUT_MS: '600000',
      RUNSHEET_MONGO_SERVER_SELECTION_TIMEOUT_MS: '600000',
      RUNSHEET_MONGO_OPERATION_TIMEOUT_MS: '600000',
      RUNSHEET_STEPS: 'any',
      RUNSHEET_ENVIRONMENT: 'test',
      RUNSHEET_LOG_LEVEL: 'warn',
    };
    try {
      main = await startMain(env);
      const url = main.url;
      // 150 describes that finish, and 50 pings that hang on the silent server until the kill.
      const answered: { id: string; action: string }[] = [];
      const runs = Array.from({ length: 200 }, (_, i) =>
        fetch(`${url}/api/runs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(
            i % 4 === 3
              ? { action: 'mongo.ping', input: {} }
              : { action: 'temporal.workflow.describe', input: { workflowId } },
          ),
        })
          .then(async (response) => {
            const body = (await response.json()) as { id?: string; action?: string };
            if (response.status === 200) answered.push({ id: body.id!, action: body.action! });
          })
          // The connection drops at the kill: that run's response never said anything.
          .catch(() => undefined),
      );
      await eventually(
        async () => {
          const db = new DatabaseSync(auditPath, { readOnly: true });
          const { count } = db
            .prepare("SELECT count(*) AS count FROM audit_records WHERE action = 'mongo.ping'")
            .get() as { count: number };
          db.close();
          return { pings: count, answered: answered.length };
        },
        ({ pings, answered }) => pings === 50 && answered > 0,
        { what: 'all 50 pings started and some describes answered', timeoutMs: 60_000 },
      );
      await main.kill();
      await Promise.all(runs);
      expect(answered.length).toBeLessThan(200);

      const before = await trail(auditPath);
      expect(before.ok).toBe(true);
      const kindsOf = (records: AuditRecord[], runId: string) =>
        records.filter((record) => record.runId === runId).map((record) => record.kind);
      // Every run whose response came back is in the trail, started and finished.
      for (const { id } of answered) {
        expect(kindsOf(before.records, id)).toEqual(['started', 'finished']);
      }
      const finishedBefore = new Set(
        before.records.filter((record) => record.kind === 'finished').map((record) => record.runId),
      );
      const open = before.records.filter(
        (record) => record.kind === 'started' && !finishedBefore.has(record.runId),
      );
      expect(open.filter((record) => record.action === 'mongo.ping')).toHaveLength(50);

      main = await startMain(env);
      const after = await trail(auditPath);
      expect(after.ok).toBe(true);
      // The records from before the kill are all still there, as they were.
      expect(after.records.slice(0, before.records.length)).toEqual(before.records);
      const closed = after.records.slice(before.records.length);
      expect(closed.map((record) => record.runId).sort()).toEqual(
        open.map((record) => record.runId).sort(),
      );
      expect(
        closed.every((record) => record.kind === 'finished' && record.outcome === 'interrupted'),
      ).toBe(true);
    } finally {
      silent.close();
    }
  });
});
