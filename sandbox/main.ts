/**
 * `npm run sandbox`: the demo WMS worker plus the seed's incidents, on the configured Temporal
 * (by default a `temporal server start-dev` on 127.0.0.1:7233). Stop it with Ctrl-C.
 */
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../server/config.ts';
import { seedStuckOrder } from './scenarios.ts';
import { startSandboxWorker } from './worker.ts';

const { temporal } = loadConfig();
const worker = await startSandboxWorker(temporal);
const connection = await Connection.connect({ address: temporal.address });
const client = new Client({ connection, namespace: temporal.namespace });
const stuck = await seedStuckOrder(client);
await connection.close();

console.error(
  `Sandbox worker on orchestrator-queue at ${temporal.address}. Stuck order: ${stuck}. Ctrl-C stops it.`,
);
process.once('SIGINT', () => void worker.stop());
process.once('SIGTERM', () => void worker.stop());
await worker.stopped;
