import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, retryOnPortClash, startProcess, waitUntil } from '../../sandbox/processes.ts';

/** `node server/main.ts` as `npm start` runs it, on a free port, with only the given RUNSHEET_* settings. */
export function startMain(env: Record<string, string>) {
  return retryOnPortClash(() => startMainOnce(env));
}

async function startMainOnce(env: Record<string, string>) {
  const port = await freePort();
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('RUNSHEET_')),
  );
  const server = startProcess(process.execPath, ['server/main.ts'], 'runsheet', {
    ...inherited,
    RUNSHEET_PORT: String(port),
    RUNSHEET_AUDIT_SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'runsheet-audit-')), 'audit.db'),
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(async () => (await fetch(`${url}/api/health`)).ok, {
      timeoutMs: 60_000,
      what: 'Runsheet',
      exited: server.exited,
    });
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n${server.output()}`, { cause: error });
  }
  return {
    url,
    output: server.output,
    child: server.child,
    stop: server.stop,
    /** kill -9: no shutdown handler runs, as when the machine or the OOM killer takes it. */
    async kill() {
      server.child.kill('SIGKILL');
      await server.exited;
    },
  };
}
