/**
 * Operators running read steps through Runsheet against the real servers, two ways.
 *   node bench/load.ts [seconds=60] [operators=100] [rate=40] [store=sqlite|mongodb]
 * Calls: describe and history on Temporal, ping on MongoDB, round-robin (list and count are left
 * out: the dev server itself times them out under load, which would measure the dev server). Over
 * HTTP to `node server/main.ts`. Baseline: the same calls made directly with @temporalio/client and
 * the mongodb driver, measured in the same run.
 *  - saturation: `operators` callers back to back (closed loop). Target: ≥ 0.9× direct throughput.
 *  - paced: Poisson arrivals at `rate` runs/s in total, well under saturation (open loop). Targets:
 *    latency Runsheet adds over the direct call p50 ≤ 3 ms and p99 ≤ 20 ms; Runsheet's event-loop
 *    delay (monitorEventLoopDelay, from its /metrics) p99 ≤ 10 ms.
 * Beside the paced figures, where Runsheet's time went: the p50 of each stage its Server-Timing
 * header names (the trail's two durable writes, the action…), and of the time outside its run route.
 * At the end the trail must hold exactly one started and one finished record for every run, and verify.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import type { AuditStore } from '../server/audit/audit-store.ts';
import { parseMacKeys } from '../server/audit/mac-keys.ts';
import { createMongoAuditStore } from '../server/audit/mongo-store.ts';
import type { AuditRecord } from '../server/audit/record.ts';
import { createSqliteAuditStore } from '../server/audit/sqlite-store.ts';
import { startMongo, testClient } from '../test/stack/mongo.ts';
import { startTemporal } from '../test/stack/servers.ts';
import { startMain } from '../test/support/main-process.ts';
import { mongoUriWithCredentials } from '../test/support/mongo-uri.ts';
import { closedLoop, openLoop, poissonArrivals, type Call } from './load-drivers.ts';
import {
  printLoad,
  printPaced,
  quantile,
  settle,
  type LoadFigures,
  type Verdict,
} from './report.ts';

const [seconds, operators, rate] = [2, 3, 4].map((i, n) =>
  Number(process.argv[i] ?? [60, 100, 40][n]),
);
const store = process.argv[5] ?? 'sqlite';
if (
  !(seconds! > 0) ||
  !Number.isInteger(operators) ||
  operators! < 1 ||
  !(rate! > 0) ||
  !['sqlite', 'mongodb'].includes(store)
) {
  process.stderr.write(
    'usage: node bench/load.ts [seconds=60] [operators=100] [rate=40] [store=sqlite|mongodb]\n',
  );
  process.exit(2);
}

const TASK_QUEUE = 'bench-load-no-worker';
const WORKFLOWS = 20;
/** prom-client samples the event loop every 10 ms; a sample is that interval plus the delay. */
const LOOP_SAMPLE_MS = 10;
/** Milliseconds of CPU per call: in all, and of that in the kernel. */
interface CpuPerCall {
  total: number;
  system: number;
}
/** `incident;dur=0.48, trail-started;dur=0.99…` as stage → ms. */
function serverTiming(header: string): Map<string, number> {
  const stages = new Map<string, number>();
  for (const metric of header.split(',')) {
    const [name, ...params] = metric.trim().split(';');
    const dur = params.find((param) => param.startsWith('dur='));
    if (name && dur) stages.set(name, Number(dur.slice('dur='.length)));
  }
  return stages;
}
const id = (index: number) => `bench-load-${index % WORKFLOWS}`;
const steps = [
  {
    name: 'describe',
    step: (i: number) => ({ action: 'temporal.workflow.describe', input: { workflowId: id(i) } }),
  },
  {
    name: 'history',
    step: (i: number) => ({ action: 'temporal.workflow.history', input: { workflowId: id(i) } }),
  },
  { name: 'mongo ping', step: () => ({ action: 'mongo.ping', input: {} }) },
];

const [temporal, mongo] = await Promise.all([startTemporal(), startMongo()]);
const connection = await Connection.connect({ address: temporal.address });
const temporalClient = new Client({ connection, namespace: temporal.namespace });
const mongoClient = testClient(mongo.mongo, { maxPoolSize: operators! });
const macKey = `bench:${randomBytes(32).toString('base64')}`;
const benchDir = `${process.env['TMPDIR'] ?? '/tmp'}/runsheet-bench-load-${process.pid}`;
const auditPath = `${benchDir}/audit.db`;
// The operators are one local user: the per-person read cap (policy.readRunsInFlight) would
// refuse most of them, and what is measured is Runsheet's cost per call, not that cap.
const configFile = `${benchDir}/runsheet.config.json`;
mkdirSync(benchDir, { recursive: true });
writeFileSync(configFile, JSON.stringify({ policy: { readRunsInFlight: operators } }));
const auditDatabase = `runsheet_bench_load_${process.pid}`;
let main: Awaited<ReturnType<typeof startMain>> | undefined;
try {
  // No worker polls the queue: the workflows stay running, with a short history each.
  for (let i = 0; i < WORKFLOWS; i++) {
    await temporalClient.workflow.start('OrderFulfillmentWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: id(i),
      args: [{}],
    });
  }
  main = await startMain({
    RUNSHEET_CONFIG: configFile,
    RUNSHEET_TEMPORAL_ADDRESS: temporal.address,
    RUNSHEET_MONGO_URI: mongoUriWithCredentials(mongo.mongo),
    RUNSHEET_STEPS: 'any',
    RUNSHEET_ENVIRONMENT: 'bench',
    RUNSHEET_AUDIT_STORE: store,
    RUNSHEET_AUDIT_SQLITE_PATH: auditPath,
    ...(store === 'mongodb'
      ? {
          RUNSHEET_AUDIT_MONGO_URI: mongoUriWithCredentials(mongo.mongo),
          RUNSHEET_AUDIT_MONGO_DATABASE: auditDatabase,
          RUNSHEET_AUDIT_MAC_KEY: macKey,
        }
      : {}),
    // A line per request at info level would measure the log pipe, not Runsheet.
    RUNSHEET_LOG_LEVEL: 'warn',
  });
  const url = main.url;
  const runIds: string[] = [];
  /**
   * The paced phase's Server-Timing figures of Runsheet's answers, by stage, in ms; unset in the
   * other phases, whose load this bookkeeping would only add to.
   */
  let stageTimes: Map<string, number[]> | undefined;
  const direct: Call[] = [
    {
      name: 'describe',
      run: async (i) => void (await temporalClient.workflow.getHandle(id(i)).describe()),
    },
    {
      name: 'history',
      run: async (i) => void (await temporalClient.workflow.getHandle(id(i)).fetchHistory()),
    },
    {
      name: 'mongo ping',
      run: async () => void (await mongoClient.db('admin').command({ ping: 1 })),
    },
  ];
  const viaRunsheet: Call[] = steps.map(({ name, step }) => ({
    name,
    async run(i) {
      const sent = performance.now();
      const response = await fetch(`${url}/api/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(step(i)),
      });
      const body = (await response.json()) as { id?: string; error?: { message: string } };
      if (response.status !== 200) throw new Error(`${response.status} ${body.error?.message}`);
      runIds.push(body.id!);
      if (!stageTimes) return;
      const stages = serverTiming(response.headers.get('server-timing') ?? '');
      const inRoute = stages.get('total') ?? 0;
      stages.delete('total');
      const staged = [...stages.values()].reduce((sum, ms) => sum + ms, 0);
      stages.set('the rest of the run route', inRoute - staged);
      stages.set('outside it (HTTP, middleware, the client)', performance.now() - sent - inRoute);
      for (const [stage, ms] of stages) {
        if (!stageTimes.has(stage)) stageTimes.set(stage, []);
        stageTimes.get(stage)!.push(ms);
      }
    },
  }));
  /**
   * From Runsheet's own /metrics: its event-loop delay p99 (ms) since the last scrape (the scrape
   * resets the histogram) and the CPU seconds it has used, to say what a run costs it.
   */
  const serverStats = async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    return {
      loopDelayP99: gauge('runsheet_nodejs_eventloop_lag_p99_seconds') * 1000 - LOOP_SAMPLE_MS,
      cpuSeconds: gauge('runsheet_process_cpu_seconds_total'),
      systemSeconds: gauge('runsheet_process_cpu_system_seconds_total'),
    };
  };
  /**
   * Runs `phase` and says how much CPU Runsheet (or, for the baseline, this process) spent per
   * call, and how much of it in the kernel (syscalls: sockets, the trail's writes and fsyncs).
   */
  const measured = async (
    phase: () => Promise<LoadFigures>,
    whose: 'runsheet' | 'bench',
  ): Promise<{ figures: LoadFigures; loopDelayP99: number; cpu: CpuPerCall }> => {
    // Each phase starts once the servers have worked off the last one's load.
    await settle();
    const [before, ownBefore] = [await serverStats(), process.cpuUsage()];
    const figures = await phase();
    const [after, own] = [await serverStats(), process.cpuUsage(ownBefore)];
    // Seconds from /metrics, microseconds from process.cpuUsage: both to milliseconds per call.
    const cpu =
      whose === 'runsheet'
        ? {
            total: ((after.cpuSeconds - before.cpuSeconds) * 1000) / figures.calls,
            system: ((after.systemSeconds - before.systemSeconds) * 1000) / figures.calls,
          }
        : {
            total: (own.user + own.system) / 1000 / figures.calls,
            system: own.system / 1000 / figures.calls,
          };
    return { figures, loopDelayP99: after.loopDelayP99, cpu };
  };

  // Warm both paths (connections, JIT) before timing either.
  for (let i = 0; i < steps.length; i++) {
    await direct[i]!.run(0);
    await viaRunsheet[i]!.run(0);
  }
  const warmUp = runIds.splice(0).length;

  const saturation = { operators: operators!, seconds: seconds! };
  const loadBefore = loadavg()[0]!;
  const closedDirect = await measured(
    () => closedLoop('direct clients', direct, saturation),
    'bench',
  );
  const closedRunsheet = await measured(
    () => closedLoop('Runsheet      ', viaRunsheet, saturation),
    'runsheet',
  );
  const arrivals = poissonArrivals(rate!, seconds!);
  const pacedDirect = await measured(() => openLoop('direct clients', direct, arrivals), 'bench');
  const pacedStages = new Map<string, number[]>();
  stageTimes = pacedStages;
  const pacedRunsheet = await measured(
    () => openLoop('Runsheet      ', viaRunsheet, arrivals),
    'runsheet',
  );
  stageTimes = undefined;
  const loadAfter = loadavg()[0]!;
  await main.stop();
  main = undefined;

  // Every run in the trail exactly twice (started, finished), nothing else, chain intact.
  const audit: AuditStore =
    store === 'mongodb'
      ? createMongoAuditStore({
          uri: mongoUriWithCredentials(mongo.mongo),
          database: auditDatabase,
          keys: parseMacKeys(macKey, 'bench key'),
        })
      : createSqliteAuditStore(auditPath);
  const records: AuditRecord[] = await Array.fromAsync(audit.all());
  const verified = await audit.verify();
  await audit.close();
  const kinds = new Map<string, string[]>();
  for (const record of records)
    kinds.set(record.runId, [...(kinds.get(record.runId) ?? []), record.kind]);
  const paired = runIds.filter(
    (runId) => kinds.get(runId)?.join(',') === 'started,finished',
  ).length;
  const unpaired = [...kinds.values()].filter(
    (list) => list.join(',') !== 'started,finished',
  ).length;

  const mix = `read steps (${steps.map((step) => step.name).join(', ')}) against a Temporal dev server and ${mongo.mongo.product}; audit store: ${store}`;
  const ms = ({ total, system }: CpuPerCall) =>
    `${total.toFixed(2)} ms (${system.toFixed(2)} in the kernel)`;
  const cpu = (direct: { cpu: CpuPerCall }, runsheet: { cpu: CpuPerCall }) =>
    `  CPU per call: this bench calling directly ${ms(direct.cpu)} · Runsheet's server ${ms(runsheet.cpu)} (from its /metrics)\n`;
  process.stdout.write(
    `\nMachine load (1-min average): ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end, on ${availableParallelism()} cores\n`,
  );
  const verdicts: Verdict[] = [
    ...printLoad(
      `Saturation: ${operators} operators back to back, ${seconds} s each way, ${mix}`,
      closedDirect.figures,
      closedRunsheet.figures,
      { minThroughputRatio: 0.9 },
    ),
  ];
  process.stdout.write(
    `  Runsheet's event-loop delay p99 ${closedRunsheet.loopDelayP99.toFixed(1)} ms (not a target at saturation)\n` +
      cpu(closedDirect, closedRunsheet),
  );
  verdicts.push(
    ...printPaced(
      `Paced: ${operators} operators, Poisson arrivals at ${rate} runs/s in total, ${seconds} s each way, ${mix}`,
      pacedDirect.figures,
      pacedRunsheet.figures,
      {
        loopDelayP99: pacedRunsheet.loopDelayP99,
        maxAddedP50: 3,
        maxAddedP99: 20,
        maxLoopDelayP99: 10,
      },
    ),
  );
  process.stdout.write(
    `  where Runsheet's time went, p50 in ms (its Server-Timing): ${[...pacedStages]
      .map(([stage, times]) => `${stage} ${quantile(times, 0.5).toFixed(2)}`)
      .join(' · ')}\n` + cpu(pacedDirect, pacedRunsheet),
  );
  process.stdout.write(
    `  audit: ${records.length} records for ${runIds.length} timed runs + ${warmUp} warm-up runs · ` +
      `${paired}/${runIds.length} with exactly one started and one finished · unpaired ${unpaired} · ` +
      `chain ${verified.ok ? 'intact' : `BROKEN at ${verified.problem?.seq}: ${verified.problem?.reason}`}\n`,
  );
  const sound =
    [closedDirect, closedRunsheet, pacedDirect, pacedRunsheet].every(
      ({ figures }) => figures.errors === 0,
    ) &&
    paired === runIds.length &&
    unpaired === 0 &&
    records.length === 2 * (runIds.length + warmUp) &&
    verified.ok;
  if (!sound)
    process.stderr.write('load bench: errors, or the trail does not match the runs (see above)\n');
  const missed = verdicts.filter((verdict) => !verdict.met);
  if (missed.length)
    process.stderr.write(
      `load bench: missed ${missed.map((verdict) => verdict.name).join('; ')}\n`,
    );
  if (!sound || missed.length) process.exitCode = 1;
} finally {
  await main?.stop();
  await mongoClient.close();
  await connection.close();
  await Promise.all([temporal.stop(), mongo.stop()]);
}
