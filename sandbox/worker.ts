import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  type LogLevel,
} from '@temporalio/worker';
import * as activities from './activities.ts';
import { TASK_QUEUE } from './task-queue.ts';
import { workflowBundle } from './workflow-bundle.ts';

export interface SandboxWorker {
  /** Resolves when the worker has stopped. */
  stopped: Promise<void>;
  stop(): Promise<void>;
}

/** Starts the demo WMS worker (on `orchestrator-queue` unless told otherwise) against a Temporal server. */
export async function startSandboxWorker({
  address,
  namespace = 'default',
  taskQueue = TASK_QUEUE,
  logLevel = 'WARN',
}: {
  address: string;
  namespace?: string;
  /** Tests give each file its own queue, so workers of parallel test files never share work. */
  taskQueue?: string;
  logLevel?: LogLevel;
}): Promise<SandboxWorker> {
  installRuntime(logLevel);
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowBundle: await workflowBundle(Runtime.instance().logger),
    activities,
  });
  const stopped = worker.run().finally(() => connection.close());
  return {
    stopped,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await stopped;
    },
  };
}

let runtimeInstalled = false;

/** The SDK runtime is per process and set once; the default one logs every bundle and state change. */
function installRuntime(logLevel: LogLevel) {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger(logLevel) });
  runtimeInstalled = true;
}
