import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort, goInstallOnce, onPath, startProcess, StackError, waitUntil } from './tools.ts';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';

export interface TemporalServer {
  address: string;
  namespace: string;
  stop(): Promise<void>;
}

/** `$TEMPORAL_CLI`, else `temporal` on PATH, else the cached build (made on first use). */
export function temporalCli(): string {
  const named = process.env['TEMPORAL_CLI'];
  if (named) return named;
  return (
    onPath('temporal') ??
    goInstallOnce({
      name: 'temporal',
      module: 'github.com/temporalio/cli/cmd/temporal',
      version: TEMPORAL_CLI_VERSION,
      howElse: 'Set TEMPORAL_CLI to a temporal CLI binary, or put `temporal` on PATH',
    })
  );
}

/** Starts a throw-away Temporal dev server on a free loopback port and waits until it serves. */
export async function startTemporal(): Promise<TemporalServer> {
  const cli = temporalCli();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'runsheet-temporal-'));
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
      '--db-filename',
      join(dir, 'temporal.db'),
      '--log-level',
      'warn',
    ],
    'temporal server start-dev',
  );
  try {
    await waitUntil(() => isServing(address), {
      timeoutMs: 60_000,
      what: 'The Temporal dev server',
      exited: server.exited,
    });
  } catch (error) {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    throw new StackError(`${(error as Error).message}\n${server.output()}`);
  }
  return {
    address,
    namespace: 'default',
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
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
