import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporalCli } from '../../stack/servers.ts';
import { adminClients, freshWmsNamespace, testCluster } from '../../support/kubernetes.ts';
import { startMain } from '../../support/main-process.ts';
import { sandboxReady } from '../../support/sandbox.ts';

// Issue 12, High 1: a default `npm start` treated the user's cluster as the sandbox, and a drill
// scaled wms/orchestrator-worker to 0 on whatever cluster $KUBECONFIG named.
let fixtures: Awaited<ReturnType<typeof freshWmsNamespace>>;
beforeAll(async () => {
  fixtures = await freshWmsNamespace('realtarget');
});
afterAll(() => fixtures?.remove());

const replicas = async () =>
  (
    await adminClients().apps.readNamespacedDeployment({
      name: 'orchestrator-worker',
      namespace: fixtures.namespace,
    })
  ).spec?.replicas;
const startDrill = (url: string) =>
  fetch(`${url}/api/drills/worker-scaled-to-zero/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });

describe('a cluster in the user environment while the sandbox runs', () => {
  it('is never acted on: the drill does not touch the cluster $KUBECONFIG names', async () => {
    const main = await startMain({
      // The user's "real" cluster, found the way kubectl finds it.
      KUBECONFIG: testCluster().kubeconfig,
      RUNSHEET_KUBE_NAMESPACE: fixtures.namespace,
      RUNSHEET_SANDBOX: 'temporal',
      RUNSHEET_SANDBOX_TEMPORAL_CLI: await temporalCli(),
      RUNSHEET_LOG_LEVEL: 'info',
    });
    try {
      await sandboxReady(main.url, ['temporal']);
      const response = await startDrill(main.url);
      expect(response.status).not.toBe(201);
      expect(await replicas()).toBe(2);
      const pods = await fetch(`${main.url}/api/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'kubernetes.pods.list', input: {} }),
      });
      expect(pods.status).toBe(503); // not configured: the found kubeconfig is not used
      expect(main.output()).toContain('a kubeconfig was found and is not used');
    } finally {
      await main.stop();
    }
  }, 120_000);

  it('named explicitly, is a real target: npm start says so, and the environment is not sandbox', async () => {
    const main = await startMain({
      RUNSHEET_KUBE_CONFIG: testCluster().kubeconfig,
      RUNSHEET_KUBE_NAMESPACE: fixtures.namespace,
      RUNSHEET_SANDBOX: 'temporal',
      RUNSHEET_SANDBOX_TEMPORAL_CLI: await temporalCli(),
      RUNSHEET_LOG_LEVEL: 'info',
    });
    try {
      expect(main.output()).toContain('Runsheet will act on these real targets (kubernetes)');
      const { environment } = (await (await fetch(`${main.url}/api/drills`)).json()) as {
        environment: string;
      };
      expect(environment).toBe('production');
      expect((await startDrill(main.url)).status).toBe(403);
      expect(await replicas()).toBe(2);
    } finally {
      await main.stop();
    }
  }, 120_000);

  it('with environment sandbox, refuses to start unless the real target is named in the opt-in', async () => {
    await expect(
      startMain({
        RUNSHEET_KUBE_CONFIG: testCluster().kubeconfig,
        RUNSHEET_ENVIRONMENT: 'sandbox',
        RUNSHEET_SANDBOX: 'off',
      }),
    ).rejects.toThrow(/RUNSHEET_SANDBOX_REAL_TARGETS=kubernetes/);
  });
});
