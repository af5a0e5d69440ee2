import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_DIR, temporalCli } from '../../stack/servers.ts';
import { startMain } from '../../support/main-process.ts';
import { sandboxReady } from '../../support/sandbox.ts';

type Main = Awaited<ReturnType<typeof startMain>>;

const post = (url: string, path: string, body: unknown) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const run = async (url: string, action: string, input: Record<string, unknown>) => {
  const response = await post(url, '/api/runs', { action, input });
  return {
    status: response.status,
    body: (await response.json()) as { result?: Record<string, unknown>; error?: unknown },
  };
};

/** The processes `pid` started, directly or below (the watchdog, the servers, their children). */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, of] of table) {
      if (of === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start with nothing configured: the WMS world', () => {
  let main: Main;
  let started: number;
  beforeAll(async () => {
    started = Date.now();
    main = await startMain({
      RUNSHEET_CACHE: CACHE_DIR,
      RUNSHEET_SANDBOX_TEMPORAL_CLI: await temporalCli(),
      RUNSHEET_LOG_LEVEL: 'info',
    });
    await sandboxReady(main.url, ['temporal', 'kubernetes', 'mongo']);
    // A figure for the README (warm start, everything cached), never an assertion.
    console.error(
      `sandbox: all three targets ready ${Math.round((Date.now() - started) / 1000)} s after start`,
    );
  }, 240_000);
  afterAll(async () => {
    await main?.stop();
  });

  it('has each system as a target: the incidents, the workloads in wms, wes_db', async () => {
    const order = await run(main.url, 'temporal.workflow.describe', {
      workflowId: 'order-fulfillment-ORD-12345',
    });
    expect(order.status).toBe(200);
    const pods = await run(main.url, 'kubernetes.pods.list', {
      selector: 'app=orchestrator-worker',
    });
    expect(pods.status).toBe(200);
    expect(JSON.stringify(pods.body.result)).toContain('orchestrator-worker');
    const logs = await run(main.url, 'kubernetes.pods.logs', {
      selector: 'app=orchestrator-worker',
      grep: { pattern: 'failed to connect to MongoDB|heartbeat timeout|panic' },
    });
    expect(logs.status).toBe(200);
    expect(JSON.stringify(logs.body.result)).toContain('failed to connect to MongoDB');
    const indexes = await run(main.url, 'mongo.listIndexes', {
      database: 'wes_db',
      collection: 'orders',
    });
    expect(indexes.status).toBe(200);
    expect(JSON.stringify(indexes.body.result)).toContain('orderId_1');
  });

  it('acts on Kubernetes as the least-privilege account of deploy/rbac.yaml, not as an administrator', async () => {
    const elsewhere = await run(main.url, 'kubernetes.pods.list', { namespace: 'kube-system' });
    expect(elsewhere.status).toBe(403);
    expect(JSON.stringify(elsewhere.body)).toContain('deploy/rbac.yaml');
    // The runbooks read the Temporal server's namespace: deploy/rbac-read.yaml lets it, read-only.
    const temporalPods = await run(main.url, 'kubernetes.pods.list', { namespace: 'temporal' });
    expect(temporalPods.status).toBe(200);
    expect(JSON.stringify(temporalPods.body.result)).toContain('temporal-history');
    const restart = await run(main.url, 'kubernetes.deployment.restart', {
      namespace: 'temporal',
      name: 'temporal-history',
    });
    expect(restart.status).toBe(403);
  });

  it('offers the Kubernetes drills, and a reset puts the world back to its incidents', async () => {
    const { drills } = (await (await fetch(`${main.url}/api/drills`)).json()) as {
      drills: { id: string; available: boolean }[];
    };
    expect(drills.find((drill) => drill.id === 'worker-scaled-to-zero')?.available).toBe(true);
    expect((await post(main.url, '/api/drills/worker-scaled-to-zero/start', {})).status).toBe(201);
    const scaled = await run(main.url, 'kubernetes.pods.list', {
      selector: 'app=orchestrator-worker',
    });
    expect(scaled.status).toBe(200);

    const reset = await post(main.url, '/api/sandbox/reset', {});
    expect(reset.status).toBe(200);
    expect(((await reset.json()) as { reset: string[] }).reset.sort()).toEqual([
      'kubernetes',
      'mongo',
      'temporal',
    ]);
    await expect
      .poll(
        async () => {
          const status = await run(main.url, 'kubernetes.deployment.rolloutStatus', {
            name: 'orchestrator-worker',
            timeoutSeconds: 30,
          });
          return status.body.result?.['available'];
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(2);
  });
  // Last: it takes the world down. One world per file, so the kill meets everything a start makes.
  it('leaves none of its processes behind when Runsheet is killed with -9', async () => {
    const started = descendants(main.child.pid!);
    // The watchdog, the Temporal dev server, FerretDB and the five Kubernetes programs.
    expect(started.length).toBeGreaterThanOrEqual(8);
    await main.kill();
    await expect.poll(() => started.filter(alive), { timeout: 30_000, interval: 250 }).toEqual([]);
  });
});
