import { Client, Connection } from '@temporalio/client';
import { startDevServer } from './dev-server.ts';
import { seedAll, type Scenario } from './scenarios.ts';
import { startSandboxWorker } from './worker.ts';

export interface Sandbox {
  address: string;
  namespace: string;
  scenarios: Scenario[];
  stop(): Promise<void>;
}

/**
 * The practice WMS: a local Temporal dev server, the demo worker on `orchestrator-queue`, and the
 * seed's incidents seeded into it. Nothing in it touches a real system.
 */
export async function startSandbox(cli: string): Promise<Sandbox> {
  const server = await startDevServer(cli);
  try {
    const worker = await startSandboxWorker({ ...server, logLevel: 'ERROR' });
    const connection = await Connection.connect({ address: server.address });
    const scenarios = await seedAll(new Client({ connection, namespace: server.namespace }));
    await connection.close();
    return {
      address: server.address,
      namespace: server.namespace,
      scenarios,
      async stop() {
        await worker.stop();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
