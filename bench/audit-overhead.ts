/**
 * What the audit trail adds to a run, and how fast a store appends.
 *   node bench/audit-overhead.ts [runs=400]
 * Baseline: the same describe runs through the same app with a store that keeps nothing.
 * Target: under 2 ms added per run on SQLite.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { AuditStore } from '../server/audit/audit-store.ts';
import { chain, GENESIS_HASH, verifyChain, type AuditRecord } from '../server/audit/record.ts';
import { createMongoAuditStore } from '../server/audit/mongo-store.ts';
import { createSqliteAuditStore } from '../server/audit/sqlite-store.ts';
import { entry } from '../test/contract/audit-store.ts';
import { startMongo } from '../test/stack/mongo.ts';
import { startTemporal } from '../test/stack/servers.ts';
import { testApp } from '../test/support/app.ts';
import { mongoUriWithCredentials } from '../test/support/mongo-uri.ts';

const runs = Number(process.argv[2] ?? 400);

/** Chains in memory and forgets: the cost of a run without a trail. */
function keepNothing(): AuditStore {
  let seq = 0;
  let prevHash = GENESIS_HASH;
  return {
    name: 'none',
    async append(next) {
      const record = chain(next, ++seq, prevHash);
      prevHash = record.hash;
      return record;
    },
    list: async () => [],
    claim: async () => true,
    async *all(): AsyncIterable<AuditRecord> {},
    verify: async () => verifyChain([]),
    close: async () => {},
  };
}

const temporal = await startTemporal();
const connection = await Connection.connect({ address: temporal.address });
await new Client({ connection }).workflow.start('OrderFulfillmentWorkflow', {
  taskQueue: 'bench-no-worker',
  workflowId: 'order-fulfillment-ORD-BENCH',
  args: [{}],
});
const path = join(mkdtempSync(join(tmpdir(), 'runsheet-bench-')), 'audit.db');
const apps = {
  none: testApp({ temporal: { address: temporal.address } }, { audit: keepNothing() }),
  sqlite: testApp(
    { temporal: { address: temporal.address } },
    { audit: createSqliteAuditStore(path) },
  ),
};
const describe = {
  action: 'temporal.workflow.describe',
  input: { workflowId: 'order-fulfillment-ORD-BENCH' },
};

try {
  const totals = { none: 0, sqlite: 0 };
  for (const app of Object.values(apps)) await app.run(describe); // connect and warm up
  // Interleaved, so drift on a busy machine hits both alike.
  for (let i = 0; i < runs; i++) {
    for (const name of ['none', 'sqlite'] as const) {
      const started = performance.now();
      const { status } = await apps[name].run(describe);
      totals[name] += performance.now() - started;
      if (status !== 200) throw new Error(`run answered ${status}`);
    }
  }
  const perRun = { none: totals.none / runs, sqlite: totals.sqlite / runs };

  const throughput = async (store: AuditStore, appends: number) => {
    const started = performance.now();
    await Promise.all(Array.from({ length: appends }, () => store.append(entry())));
    const perSecond = appends / ((performance.now() - started) / 1000);
    const intact = (await store.verify()).ok;
    await store.close();
    return `${Math.round(perSecond)} records/s (${appends} at once; chain intact: ${intact})`;
  };
  const sqliteThroughput = await throughput(
    createSqliteAuditStore(join(mkdtempSync(join(tmpdir(), 'runsheet-bench-')), 'audit.db')),
    5_000,
  );
  const mongo = await startMongo();
  const mongoThroughput = await throughput(
    createMongoAuditStore({
      uri: mongoUriWithCredentials(mongo.mongo),
      database: 'runsheet_bench',
    }),
    1_000,
  ).finally(() => mongo.stop());

  process.stdout.write(
    `\nAudit overhead over ${runs} describe runs against a real Temporal dev server\n` +
      `  per run: no trail ${perRun.none.toFixed(2)} ms · SQLite trail ${perRun.sqlite.toFixed(2)} ms · ` +
      `added ${(perRun.sqlite - perRun.none).toFixed(2)} ms (${(perRun.sqlite / perRun.none).toFixed(2)}× the baseline)\n` +
      `  append throughput: SQLite ${sqliteThroughput}; ${mongo.mongo.product} ${mongoThroughput}\n`,
  );
} finally {
  for (const app of Object.values(apps)) await app.close();
  await connection.close();
  await temporal.stop();
}
