/**
 * `npm run sandbox`: the demo worker and the seed's incidents on the configured Temporal
 * (e.g. a `temporal server start-dev` on 127.0.0.1:7233) rather than on a sandbox of its own.
 * `npm run sandbox -- --reset`: puts the world of a running `npm start` back to its incidents.
 */
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../server/config.ts';
import { seedAll } from './scenarios.ts';
import { TASK_QUEUE } from './task-queue.ts';
import { startSandboxWorker } from './worker.ts';

const config = loadConfig();
if (process.argv.includes('--reset')) await reset();
else await runWorker();

async function reset(): Promise<void> {
  const { host, port } = config.server;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/api/sandbox/reset`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  }).catch((error: unknown) => {
    console.error(
      `No Runsheet answers at ${url} (${(error as Error).message}): start it with \`npm start\`.`,
    );
    process.exit(1);
  });
  const body = (await response.json()) as {
    reset?: string[];
    error?: { message: string; hint?: string };
  };
  if (!response.ok || !body.reset) {
    console.error(
      `Reset refused: ${body.error?.message ?? response.status} ${body.error?.hint ?? ''}`,
    );
    process.exit(1);
  }
  console.error(
    `Sandbox reset: ${body.reset.join(', ') || 'nothing was ready yet'} back to the incidents.`,
  );
}

async function runWorker(): Promise<void> {
  const { temporal } = config;
  const address = temporal.address ?? '127.0.0.1:7233';
  const worker = await startSandboxWorker({ address, namespace: temporal.namespace });
  const connection = await Connection.connect({ address });
  const scenarios = await seedAll(new Client({ connection, namespace: temporal.namespace }));
  await connection.close();

  console.error(`Demo WMS worker on ${TASK_QUEUE} at ${address}. Incidents seeded:`);
  for (const scenario of scenarios) console.error(`  ${scenario.title}: ${scenario.workflowId}`);
  console.error('Ctrl-C stops it.');
  process.once('SIGINT', () => void worker.stop());
  process.once('SIGTERM', () => void worker.stop());
  await worker.stopped;
}
