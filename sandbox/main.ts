/**
 * `npm run sandbox`: the demo worker and the seed's incidents on the configured Temporal
 * (e.g. a `temporal server start-dev` on 127.0.0.1:7233) rather than on a sandbox of its own.
 */
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../server/config.ts';
import { seedAll } from './scenarios.ts';
import { TASK_QUEUE } from './task-queue.ts';
import { startSandboxWorker } from './worker.ts';

const { temporal } = loadConfig();
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
