import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort, onPath, retryOnPortClash, startProcess, waitUntil } from './processes.ts';

/** The temporal CLI version the sandbox and the tests use (later tags cannot be go-installed). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

/** Where `node test/stack/prepare.ts` builds it; RUNSHEET_CACHE moves the whole cache. */
export function cachedTemporalCli(cacheDir = join(homedir(), '.cache', 'runsheet')): string {
  return join(cacheDir, 'bin', `temporal-${TEMPORAL_CLI_VERSION}`);
}

export const HOW_TO_GET_TEMPORAL =
  'Install the temporal CLI (https://docs.temporal.io/cli) and put it on PATH, or build it with `node test/stack/prepare.ts` (needs Go ≥ 1.25, about 6 minutes once).';

/** A temporal CLI: the one named, else `temporal` on PATH, else the cached build; undefined if none. */
export function findTemporalCli({
  named,
  cacheDir,
}: { named?: string | undefined; cacheDir?: string } = {}) {
  if (named) return named;
  const cached = cachedTemporalCli(cacheDir);
  return onPath('temporal') ?? (existsSync(cached) ? cached : undefined);
}

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
}

/** Starts `temporal server start-dev` on a loopback port (a free one unless told). */
export function startDevServer(cli: string, options: DevServerOptions = {}): Promise<DevServer> {
  return retryOnPortClash(() => startDevServerOnce(cli, options));
}

async function startDevServerOnce(
  cli: string,
  { dbFilename, port: wanted }: DevServerOptions,
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
      server.child.kill('SIGKILL');
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
