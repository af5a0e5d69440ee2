/**
 * Runsheet's batch.terminate and historyScan against the seed's own shell loops (§7, §10), run with
 * the same temporal CLI against the same dev server, on the same number of running workflows.
 *   node bench/temporal-batch.ts [workflows=1000]
 * Prints each time and the ratio (shell loop ÷ Runsheet); the target is ≥ 20×.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { mapConcurrently } from '../server/runs/concurrency.ts';
import { startTemporal, temporalCli } from '../test/stack/servers.ts';
import { testApp } from '../test/support/app.ts';
import { printTable, timed } from './report.ts';

const WORKFLOW_TYPE = 'ReprocessingOrchestrationWorkflow';
const count = Number(process.argv[2] ?? 1000);
const cli = await temporalCli();
const temporal = await startTemporal();
const connection = await Connection.connect({ address: temporal.address });
const client = new Client({ connection });
const runsheet = testApp({ temporal: { address: temporal.address } });

/** `count` running workflows on a queue of their own (no worker: they stay running), and their query. */
async function startWorkflows(): Promise<string> {
  const taskQueue = `bench-${randomUUID()}`;
  const ids = Array.from(
    { length: count },
    (_, i) => `reprocessing-run-bench-${taskQueue.slice(6, 14)}-${i}`,
  );
  await mapConcurrently(ids, 32, new AbortController().signal, (workflowId) =>
    client.workflow.start(WORKFLOW_TYPE, {
      taskQueue,
      workflowId,
      args: [{ fromOrder: 1, toOrder: 1, batchLimit: 1 }],
    }),
  );
  const query = `WorkflowType="${WORKFLOW_TYPE}" AND TaskQueue="${taskQueue}"`;
  for (;;) {
    const { count: visible } = await client.workflow.count(
      `ExecutionStatus="Running" AND ${query}`,
    );
    if (visible === count) return query;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Both ways must really have terminated everything (visibility catches up a moment later). */
async function untilNoneRunning(query: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { count: running } = await client.workflow.count(
      `ExecutionStatus="Running" AND (${query})`,
    );
    if (running === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`workflows were left running: ${query}`);
}

/** The seed's loops, made to run: list the IDs, then one temporal CLI call per workflow. */
function shell(script: string, query: string): void {
  const result = spawnSync('bash', ['-c', script], {
    env: {
      ...process.env,
      TEMPORAL: cli,
      ADDRESS: temporal.address,
      QUERY: query,
      LIMIT: String(count),
    },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`shell loop failed: ${result.stderr}`);
}
const LIST = `"$TEMPORAL" workflow list --address "$ADDRESS" --query "$QUERY" --limit "$LIMIT" | awk 'NR>1 {print $2}'`;
const SCAN_LOOP = `${LIST} | while read wfid; do
  events=$("$TEMPORAL" workflow describe --address "$ADDRESS" --workflow-id "$wfid" | grep HistoryLength | awk '{print $2}')
  if [ "$events" -gt 40000 ]; then echo "$wfid: $events events (WARNING)"; fi
done`;
const TERMINATE_LOOP = `${LIST} | while read wfid; do
  "$TEMPORAL" workflow terminate --address "$ADDRESS" --workflow-id "$wfid" --reason "Emergency stop: maintenance window" > /dev/null
done`;

async function runAction(action: string, input: object, extra: object = {}) {
  const { status, body } = await runsheet.run({ action, input, ...extra });
  if (status !== 200)
    throw new Error(`${action} answered ${status}: ${JSON.stringify(body.error)}`);
  return body.result;
}

try {
  const query = await startWorkflows();
  const scanShell = await timed(() => shell(SCAN_LOOP, query));
  const scanRunsheet = await timed(() =>
    runAction('temporal.workflow.historyScan', {
      workflowType: WORKFLOW_TYPE,
      query: query.split(' AND ')[1]!,
    }),
  );

  const terminateShell = await timed(() => shell(TERMINATE_LOOP, query));
  const second = await startWorkflows();
  const terminateRunsheet = await timed(() =>
    runAction(
      'temporal.batch.terminate',
      { query: second, cap: Math.max(count, 1) },
      { confirm: true, reason: 'bench' },
    ),
  );
  await untilNoneRunning(`(${query}) OR (${second})`);

  printTable(`Temporal batch operations on ${count} running workflows (temporal CLI ${cli})`, [
    {
      name: 'history-size scan (seed §7 loop vs temporal.workflow.historyScan)',
      baseline: scanShell,
      candidate: scanRunsheet,
    },
    {
      name: 'bulk terminate (seed §10 loop vs temporal.batch.terminate)',
      baseline: terminateShell,
      candidate: terminateRunsheet,
    },
  ]);
} finally {
  await runsheet.close();
  await connection.close();
  await temporal.stop();
}
