import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

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

/**
 * Runs `start` again when the server it started lost its port: a port that `freePort` found free
 * can be taken before the server binds it, by another server starting at the same moment (the
 * Temporal dev server picks its internal ports the same way). `start` must pick new ports each time
 * and put the server's output in the error it throws.
 */
export async function retryOnPortClash<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      const clash = /address already in use/i.test(String((error as Error).message));
      if (!clash || attempt >= attempts) throw error;
    }
  }
}

export function onPath(command: string, path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    const candidate = join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

type GroupWatcher = (pgid: number, running: boolean) => void;
let groupWatcher: GroupWatcher | undefined;

/**
 * From now on every process started here runs in a process group of its own, reported to `watch`
 * when it starts and when it exits (the sandbox's watchdog ends the groups still running if
 * Runsheet dies). Without a watcher, children stay in the caller's group, so a Ctrl-C in a terminal
 * running the tests reaches them too. Returns a function that stops watching.
 */
export function watchProcessGroups(watch: GroupWatcher): () => void {
  groupWatcher = watch;
  return () => {
    if (groupWatcher === watch) groupWatcher = undefined;
  };
}

/** Children that lead a process group of their own. */
const grouped = new WeakSet<ChildProcess>();

/** spawn, in a watched process group of its own when there is a watcher. */
export function spawnWatched(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const watch = groupWatcher;
  const child = spawn(command, args, { ...options, detached: Boolean(watch) });
  if (watch && child.pid) {
    grouped.add(child);
    const pgid = child.pid;
    watch(pgid, true);
    child.once('exit', () => watch(pgid, false));
  }
  return child;
}

/** Signals the child, and everything it started when it leads a process group of its own. */
export function signalTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  try {
    process.kill(grouped.has(child) ? -child.pid : child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

export type ServerProcess = ReturnType<typeof startProcess>;

/** Starts a server process; `stop()` sends SIGTERM, then SIGKILL if it lingers. */
export function startProcess(command: string, args: string[], name: string, env = process.env) {
  const child = spawnWatched(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  return {
    child,
    exited,
    /** The last lines it printed, for error messages. */
    output: () => `${name} said:\n${output}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalTree(child, 'SIGTERM');
      const timer = setTimeout(() => signalTree(child, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `ready` until it resolves true; throws if the process dies or the timeout passes. */
export async function waitUntil(
  ready: () => Promise<boolean>,
  { timeoutMs, what, exited }: { timeoutMs: number; what: string; exited: Promise<unknown> },
): Promise<void> {
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${what} exited before it was ready.`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} was not ready after ${timeoutMs / 1000} s.`);
}
