/** Waiting for a running `node server/main.ts`'s sandbox, through GET /api/sandbox as the banner does. */
import type { SandboxTargetStatus } from '../../sandbox/world/world.ts';

export async function sandboxTargets(url: string): Promise<SandboxTargetStatus[]> {
  const response = await fetch(`${url}/api/sandbox`);
  return ((await response.json()) as { targets: SandboxTargetStatus[] }).targets;
}

/** Every target ready or failed (timeoutMs covers starting, never building: the cache is built). */
export async function sandboxSettled(url: string, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const targets = await sandboxTargets(url);
    if (targets.every((target) => target.phase === 'ready' || target.phase === 'failed')) {
      return targets;
    }
    if (Date.now() > deadline) {
      throw new Error(`The sandbox did not settle: ${JSON.stringify(targets)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Waits until the named targets are ready; throws with the reason of one that failed. */
export async function sandboxReady(url: string, systems: string[], timeoutMs = 180_000) {
  const targets = await sandboxSettled(url, timeoutMs);
  const notReady = targets.filter(
    (target) => systems.includes(target.system) && target.phase !== 'ready',
  );
  if (notReady.length > 0) throw new Error(`Not ready: ${JSON.stringify(notReady)}`);
  return targets;
}
