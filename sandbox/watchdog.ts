/**
 * The sandbox's watchdog: a small process of its own that outlives Runsheet only to clean up after
 * it. Runsheet tells it on stdin which process groups it started (`+<pgid>`) and stopped
 * (`-<pgid>`); when stdin closes — Runsheet exited, or was killed with `kill -9`, which no handler
 * sees — it ends every group still listed. `node sandbox/watchdog.ts` is started by watchdog-client.ts.
 */
const groups = new Set<number>();
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const pgid = Number(line.slice(1));
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    if (line.startsWith('+')) groups.add(pgid);
    else if (line.startsWith('-')) groups.delete(pgid);
  }
});
process.stdin.on('end', () => void cleanUp());
// Runsheet's terminal closing must not take the watchdog with it before it has cleaned up.
process.on('SIGHUP', () => undefined);
process.on('SIGINT', () => undefined);

async function cleanUp(): Promise<void> {
  signal('SIGTERM');
  const deadline = Date.now() + 5_000;
  while ([...groups].some(alive) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  signal('SIGKILL');
  process.exit(0);
}

function signal(name: NodeJS.Signals): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, name);
    } catch {
      groups.delete(pgid); // already gone
    }
  }
}

function alive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
