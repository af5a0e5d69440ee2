/**
 * What the audit trail adds to a run, and how fast a store appends.
 *   node bench/audit-overhead.ts [runs=400]
 * Baseline: the same describe runs through the same app with a store that keeps nothing.
 * Targets: under 2 ms added per run on SQLite; the shared MongoDB store (FerretDB here) at least
 * 1,000 records/s with 1,000 appends at once from two replicas of one trail.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { AuditStore } from '../server/audit/audit-store.ts';
import { ephemeralKeys } from '../server/audit/mac-keys.ts';
import { chain, GENESIS_HASH, type AuditRecord } from '../server/audit/record.ts';
import { createMongoAuditStore, documentOf } from '../server/audit/mongo-store.ts';
import { publishHead, verifyChain } from '../server/audit/verify-chain.ts';
import { createSqliteAuditStore } from '../server/audit/sqlite-store.ts';
import { entry } from '../test/contract/audit-store.ts';
import { startMongo, testClient } from '../test/stack/mongo.ts';
import { startTemporal } from '../test/stack/servers.ts';
import { testApp } from '../test/support/app.ts';
import { mongoUriWithCredentials } from '../test/support/mongo-uri.ts';

const runs = Number(process.argv[2] ?? 400);

/** Chains in memory and forgets: the cost of a run without a trail. */
function keepNothing(): AuditStore {
  const keys = ephemeralKeys();
  let seq = 0;
  let prevHash = GENESIS_HASH;
  return {
    name: 'none',
    async append(next) {
      const record = chain(next, ++seq, prevHash, keys.signing);
      prevHash = record.hash;
      return record;
    },
    list: async () => [],
    claim: async () => true,
    async *all(): AsyncIterable<AuditRecord> {},
    publishHead: async () => publishHead({ seq, hash: prevHash }, keys),
    verify: async () => verifyChain([], { keys }),
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

  /** `appends` at once, spread over the stores (replicas of one trail); then verified. */
  const throughput = async (stores: AuditStore[], appends: number) => {
    // Connected, and the trail made, before the clock starts: what is timed is appending.
    for (const store of stores) await store.append(entry());
    const started = performance.now();
    await Promise.all(
      Array.from({ length: appends }, (_, i) => stores[i % stores.length]!.append(entry())),
    );
    const perSecond = appends / ((performance.now() - started) / 1000);
    const { ok: intact, problem } = await stores[0]!.verify();
    for (const store of stores) await store.close();
    const chainSays = problem ? `false at ${problem.seq}: ${problem.reason}` : String(intact);
    return { perSecond, intact, chainSays };
  };
  const line = ({ perSecond, chainSays }: { perSecond: number; chainSays: string }) =>
    `${Math.round(perSecond)} records/s (chain intact: ${chainSays})`;
  const sqliteThroughput = await throughput(
    [createSqliteAuditStore(join(mkdtempSync(join(tmpdir(), 'runsheet-bench-')), 'audit.db'))],
    5_000,
  );
  const mongo = await startMongo();
  const keys = ephemeralKeys();
  const mongoStore = (database: string) =>
    createMongoAuditStore({ uri: mongoUriWithCredentials(mongo.mongo), database, keys });
  /** The server's own limit: 1,000 records of the same shape in one insertMany, no chain. */
  const rawInsertMany = async () => {
    const client = testClient(mongo.mongo);
    try {
      const coll = client.db('runsheet_bench_raw').collection('audit_records');
      await coll.insertOne({ _id: 0 } as never);
      const documents = Array.from({ length: 1_000 }, (_, i) =>
        documentOf(chain(entry(), i + 1, GENESIS_HASH, keys.signing)),
      );
      const started = performance.now();
      await coll.insertMany(documents as never[], { ordered: true });
      return documents.length / ((performance.now() - started) / 1000);
    } finally {
      await client.close();
    }
  };
  const { raw, oneReplica, twoReplicas } = await (async () => ({
    raw: await rawInsertMany(),
    oneReplica: await throughput([mongoStore('runsheet_bench_one')], 1_000),
    twoReplicas: await throughput(
      [mongoStore('runsheet_bench_two'), mongoStore('runsheet_bench_two')],
      1_000,
    ),
  }))().finally(() => mongo.stop());

  const MONGO_TARGET = 1_000;
  const met = twoReplicas.perSecond >= MONGO_TARGET && twoReplicas.intact && oneReplica.intact;
  process.stdout.write(
    `\nAudit overhead over ${runs} describe runs against a real Temporal dev server\n` +
      `  per run: no trail ${perRun.none.toFixed(2)} ms · SQLite trail ${perRun.sqlite.toFixed(2)} ms · ` +
      `added ${(perRun.sqlite - perRun.none).toFixed(2)} ms (${(perRun.sqlite / perRun.none).toFixed(2)}× the baseline)\n` +
      `  append throughput, SQLite, 5,000 at once: ${line(sqliteThroughput)}\n` +
      `  append throughput, ${mongo.mongo.product}, 1,000 at once: one replica ${line(oneReplica)} · ` +
      `two replicas ${line(twoReplicas)} · target ≥ ${MONGO_TARGET}/s with two: ${met ? 'met' : 'MISSED'}\n` +
      `    baseline, the server's own limit: one insertMany of 1,000 such documents ${Math.round(raw)} records/s; ` +
      `two replicas reach ${(twoReplicas.perSecond / raw).toFixed(2)}× it\n`,
  );
  if (!met) process.exitCode = 1;
} finally {
  for (const app of Object.values(apps)) await app.close();
  await connection.close();
  await temporal.stop();
}
