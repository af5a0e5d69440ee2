import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Where built test servers are kept between runs, outside the repo, keyed by version. */
export const CACHE_DIR = process.env['RUNSHEET_CACHE'] ?? join(homedir(), '.cache', 'runsheet');

export class StackError extends Error {
  override readonly name = 'StackError';
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export function onPath(command: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Builds a Go tool once into the cache: `go install <module>@<version>`, then moves the binary
 * to `<cache>/bin/<name>-<version>`. Throws a StackError saying how to get the tool otherwise.
 */
export function goInstallOnce({
  name,
  module,
  version,
  howElse,
}: {
  name: string;
  module: string;
  version: string;
  howElse: string;
}): string {
  const target = join(CACHE_DIR, 'bin', `${name}-${version}`);
  if (existsSync(target)) return target;
  if (!onPath('go')) {
    throw new StackError(
      `${name} ${version} is needed for the integration tests and Go is not installed. ${howElse}, or install Go ≥ 1.25 and run the tests again to build it.`,
    );
  }
  mkdirSync(join(CACHE_DIR, 'bin'), { recursive: true });
  const gobin = mkdtempSync(join(tmpdir(), `runsheet-${name}-`));
  process.stderr.write(`Building ${name} ${version} with go install (once; several minutes)…\n`);
  const built = spawnSync('go', ['install', '-ldflags', '-s -w', `${module}@${version}`], {
    env: { ...process.env, GOBIN: gobin, GOTOOLCHAIN: 'local', CGO_ENABLED: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (built.status !== 0) {
    rmSync(gobin, { recursive: true, force: true });
    throw new StackError(
      `go install ${module}@${version} failed (exit ${built.status}). ${howElse}.`,
    );
  }
  renameSync(join(gobin, name), target);
  rmSync(gobin, { recursive: true, force: true });
  return target;
}

/** Starts a server process and stops it with SIGTERM, then SIGKILL if it lingers. */
export function startProcess(command: string, args: string[], logName: string) {
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    child,
    exited,
    /** The last lines it printed, for error messages. */
    output: () => `${logName}:\n${output}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `ready` until it resolves true, the process dies, or the timeout passes. */
export async function waitUntil(
  ready: () => Promise<boolean>,
  { timeoutMs, what, exited }: { timeoutMs: number; what: string; exited: Promise<unknown> },
): Promise<void> {
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (dead) throw new StackError(`${what} exited before it was ready.`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new StackError(`${what} was not ready after ${timeoutMs / 1000} s.`);
}
