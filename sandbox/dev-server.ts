import { Connection } from '@temporalio/client';
import { freePort, retryOnPortClash, signalTree, startProcess, waitUntil } from './processes.ts';

export interface DevServer {
  address: string;
  namespace: string;
  stop(): Promise<void>;
  /** kill -9: the server vanishes mid-call, as in a crash or a node loss. */
  kill(): Promise<void>;
}

export interface DevServerOptions {
  /**
   * Keep the state in this SQLite file. By default it lives in memory: nothing needs to outlive
   * the process, and writes are far faster. A file lets a restarted server (same file, same port)
   * carry on where a killed one stopped, as a real cluster would after an outage.
   */
  dbFilename?: string;
  /** Listen here rather than on a free port: a restart at the address clients already use. */
  port?: number;
  /** Dynamic config values (`--dynamic-config-value key=value`), e.g. the batch engine's rate limits. */
  dynamicConfig?: Record<string, string | number | boolean>;
}

/** Starts `temporal server start-dev` on a loopback port (a free one unless told). */
export function startDevServer(cli: string, options: DevServerOptions = {}): Promise<DevServer> {
  return retryOnPortClash(() => startDevServerOnce(cli, options));
}

async function startDevServerOnce(
  cli: string,
  { dbFilename, port: wanted, dynamicConfig = {} }: DevServerOptions,
): Promise<DevServer> {
  const port = wanted ?? (await freePort());
  const address = `127.0.0.1:${port}`;
  const server = startProcess(
    cli,
    [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--log-level',
      'warn',
      ...(dbFilename ? ['--db-filename', dbFilename] : []),
      ...Object.entries(dynamicConfig).flatMap(([key, value]) => [
        '--dynamic-config-value',
        `${key}=${JSON.stringify(value)}`,
      ]),
    ],
    'temporal server start-dev',
  );
  const stop = () => server.stop();
  try {
    await waitUntil(() => isServing(address), {
      timeoutMs: 60_000,
      what: 'The Temporal dev server',
      exited: server.exited,
    });
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${server.output()}`, { cause: error });
  }
  return {
    address,
    namespace: 'default',
    stop,
    kill: async () => {
      signalTree(server.child, 'SIGKILL');
      await server.exited;
    },
  };
}

async function isServing(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    const health = await connection.healthService.check({});
    return health.status === 1; // SERVING
  } finally {
    await connection.close();
  }
}
