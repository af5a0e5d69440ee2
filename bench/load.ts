/**
 * Many operators at once, running read steps through Runsheet against the real servers.
 *   node bench/load.ts [seconds=60] [operators=100]
 * Each operator calls describe, list, count and history on Temporal and ping on MongoDB in turn,
 * back to back, over HTTP to `node server/main.ts` (SQLite trail). Baseline: the same calls by as
 * many callers for as long, made directly with @temporalio/client and the mongodb driver, so the
 * ratio is what Runsheet (HTTP, validation, policy, two audit appends, redaction) costs. At the end
 * the trail must hold exactly one started and one finished record for every run, and verify.
 */
import { Client, Connection } from '@temporalio/client';
import type { AuditRecord } from '../server/audit/record.ts';
import { createSqliteAuditStore } from '../server/audit/sqlite-store.ts';
import { startMongo, testClient } from '../test/stack/mongo.ts';
import { startTemporal } from '../test/stack/servers.ts';
import { startMain } from '../test/support/main-process.ts';
import { mongoUriWithCredentials } from '../test/support/mongo-uri.ts';
import { printLoad, type LoadFigures } from './report.ts';

const [seconds, operators] = [Number(process.argv[2] ?? 60), Number(process.argv[3] ?? 100)];
if (!(seconds > 0) || !Number.isInteger(operators) || operators < 1) {
  process.stderr.write(
    'usage: node bench/load.ts [seconds=60] [operators=100] — seconds > 0, operators a whole number ≥ 1\n',
  );
  process.exit(2);
}

const TASK_QUEUE = 'bench-load-no-worker';
const WORKFLOWS = 20;
const query = `TaskQueue="${TASK_QUEUE}"`;

/** Calls each operator makes, round-robin; `id` picks one of the seeded workflows. */
interface Operation {
  name: string;
  runsheet(id: string): { action: string; input: Record<string, unknown> };
  direct(
    clients: { temporal: Client; mongo: ReturnType<typeof testClient> },
    id: string,
  ): Promise<unknown>;
}
const operations: Operation[] = [
  {
    name: 'describe',
    runsheet: (id) => ({ action: 'temporal.workflow.describe', input: { workflowId: id } }),
    direct: ({ temporal }, id) => temporal.workflow.getHandle(id).describe(),
  },
  {
    name: 'list',
    runsheet: () => ({ action: 'temporal.workflow.list', input: { query, limit: 10 } }),
    direct: ({ temporal }) =>
      temporal.workflowService.listWorkflowExecutions({
        namespace: temporal.options.namespace,
        query,
        pageSize: 10,
      }),
  },
  {
    name: 'count',
    runsheet: () => ({ action: 'temporal.workflow.count', input: { query } }),
    direct: ({ temporal }) => temporal.workflow.count(query),
  },
  {
    name: 'history',
    runsheet: (id) => ({ action: 'temporal.workflow.history', input: { workflowId: id } }),
    direct: ({ temporal }, id) => temporal.workflow.getHandle(id).fetchHistory(),
  },
  {
    name: 'mongo ping',
    runsheet: () => ({ action: 'mongo.ping', input: {} }),
    direct: ({ mongo }) => mongo.db('admin').command({ ping: 1 }),
  },
];

/** `operators` callers, each calling back to back until the time is up. */
async function drive(name: string, call: (operation: Operation, id: string) => Promise<void>) {
  const figures: LoadFigures = {
    name,
    calls: 0,
    errors: 0,
    seconds,
    latencies: [],
    byCall: new Map(operations.map((operation) => [operation.name, []])),
  };
  const failures = new Map<string, number>();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: operators }, async (_, operator) => {
      for (let turn = operator; performance.now() < deadline; turn++) {
        const operation = operations[turn % operations.length]!;
        const id = `bench-load-${turn % WORKFLOWS}`;
        const before = performance.now();
        try {
          await call(operation, id);
          figures.calls += 1;
          const latency = performance.now() - before;
          figures.latencies.push(latency);
          figures.byCall!.get(operation.name)!.push(latency);
        } catch (error) {
          figures.errors += 1;
          const message = `${operation.name}: ${(error as Error).message}`;
          failures.set(message, (failures.get(message) ?? 0) + 1);
        }
      }
    }),
  );
  figures.seconds = (performance.now() - started) / 1000;
  for (const [message, count] of failures) process.stderr.write(`  ${count}× ${message}\n`);
  return figures;
}

const [temporal, mongo] = await Promise.all([startTemporal(), startMongo()]);
const connection = await Connection.connect({ address: temporal.address });
const clients = {
  temporal: new Client({ connection, namespace: temporal.namespace }),
  mongo: testClient(mongo.mongo, { maxPoolSize: operators }),
};
let main: Awaited<ReturnType<typeof startMain>> | undefined;
try {
  // No worker polls the queue: the workflows stay running, with a short history each.
  for (let i = 0; i < WORKFLOWS; i++) {
    await clients.temporal.workflow.start('OrderFulfillmentWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: `bench-load-${i}`,
      args: [{}],
    });
  }
  const auditPath = `${process.env['TMPDIR'] ?? '/tmp'}/runsheet-bench-load-${process.pid}.db`;
  main = await startMain({
    RUNSHEET_TEMPORAL_ADDRESS: temporal.address,
    RUNSHEET_MONGO_URI: mongoUriWithCredentials(mongo.mongo),
    RUNSHEET_STEPS: 'any',
    RUNSHEET_ENVIRONMENT: 'bench',
    RUNSHEET_AUDIT_SQLITE_PATH: auditPath,
    // A line per request at info level would measure the log pipe, not Runsheet.
    RUNSHEET_LOG_LEVEL: 'warn',
  });
  const url = `${main.url}/api/runs`;

  // Warm both paths (connections, JIT) before timing either.
  for (const operation of operations) {
    await operation.direct(clients, 'bench-load-0');
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(operation.runsheet('bench-load-0')),
    }).then((response) => response.text());
  }

  const baseline = await drive('direct clients', async (operation, id) => {
    await operation.direct(clients, id);
  });
  const runIds: string[] = [];
  const candidate = await drive('Runsheet     ', async (operation, id) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(operation.runsheet(id)),
    });
    const body = (await response.json()) as { id?: string; error?: { message: string } };
    if (response.status !== 200) throw new Error(`${response.status} ${body.error?.message}`);
    runIds.push(body.id!);
  });
  await main.stop();
  main = undefined;

  // Every run in the trail exactly twice (started, finished), nothing else, chain intact.
  const audit = createSqliteAuditStore(auditPath);
  const records: AuditRecord[] = await Array.fromAsync(audit.all());
  const verified = await audit.verify();
  await audit.close();
  const kinds = new Map<string, string[]>();
  for (const record of records)
    kinds.set(record.runId, [...(kinds.get(record.runId) ?? []), record.kind]);
  const timed = new Set(runIds);
  const warmUp = [...kinds.keys()].filter((id) => !timed.has(id)).length;
  const paired = runIds.filter((id) => kinds.get(id)?.join(',') === 'started,finished').length;
  const unpaired = [...kinds.values()].filter(
    (list) => list.join(',') !== 'started,finished',
  ).length;

  printLoad(
    `Load: ${operators} operators, ${seconds} s each way, read steps (${operations.map((operation) => operation.name).join(', ')}) against a Temporal dev server and ${mongo.mongo.product}`,
    baseline,
    candidate,
  );
  process.stdout.write(
    `  audit: ${records.length} records for ${runIds.length} timed runs + ${warmUp} warm-up runs · ` +
      `${paired}/${runIds.length} with exactly one started and one finished · unpaired ${unpaired} · ` +
      `chain ${verified.ok ? 'intact' : `BROKEN at ${verified.problem?.seq}: ${verified.problem?.reason}`}\n`,
  );
  const sound =
    baseline.errors === 0 &&
    candidate.errors === 0 &&
    paired === runIds.length &&
    unpaired === 0 &&
    records.length === 2 * (runIds.length + warmUp) &&
    verified.ok;
  if (!sound) {
    process.stderr.write('load bench: errors, or the trail does not match the runs (see above)\n');
    process.exitCode = 1;
  }
} finally {
  await main?.stop();
  await clients.mongo.close();
  await connection.close();
  await Promise.all([temporal.stop(), mongo.stop()]);
}
