import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodUsage } from '../../../../../server/actions/kubernetes/pods-top.ts';
import { startBareApiserver } from '../../../../../sandbox/kubernetes/cluster.ts';
import { testApp } from '../../../../support/app.ts';
import { eventually, kubernetesConfig, testCluster } from '../../../../support/kubernetes.ts';

const runsheet = testApp({ kubernetes: kubernetesConfig() });
afterAll(() => runsheet.close());

type TopResult = { pods: PodUsage[]; notSampledYet: string[] };
const top = (input: Record<string, unknown>) =>
  runsheet.run<TopResult>({ action: 'kubernetes.pods.top', input });

describe('kubernetes.pods.top against metrics-server scraping the kwok node', () => {
  beforeAll(async () => {
    // metrics-server needs two scrapes (10 s apart) before it reports CPU.
    // metrics-server reports a pod after a few scrapes, 10 s apart (about 50 s after it starts).
    await eventually(
      async () => (await top({})).body.result?.pods.length ?? 0,
      (count) => count === 5,
      { timeoutMs: 100_000, intervalMs: 2_000, what: 'metrics for the 5 WMS pods' },
    );
  }, 120_000);

  it('shows each worker’s CPU and memory, and the share of its limits', async () => {
    const { status, body } = await top({ selector: 'app=orchestrator-worker' });
    expect(status).toBe(200);
    for (const pod of body.result!.pods) {
      // kwok reports the usage annotated on the pod template: 750m CPU, 1800Mi memory.
      expect(pod.memory).toBe('1800Mi');
      expect(pod.memoryOfLimit).toBeCloseTo(1800 / 2048, 2);
      expect(pod.cpuCores).toBeGreaterThan(0.6);
      expect(pod.cpuCores).toBeLessThan(0.9);
      expect(pod.containers).toEqual([
        expect.objectContaining({ name: 'orchestrator-worker', cpuLimit: '1', memoryLimit: '2Gi' }),
      ]);
    }
  });

  it('sorts the namespace by memory, highest first', async () => {
    const { body } = await top({});
    const memory = body.result!.pods.map((pod) => pod.memoryBytes);
    expect(memory).toEqual([...memory].sort((a, b) => b - a));
    expect(body.result!.pods[0]!.name).toMatch(/^mongodb-/);
  });

  it('shows one pod by name, and says plainly when it does not exist', async () => {
    const [first] = (await top({ selector: 'app=mongodb' })).body.result!.pods;
    const one = await top({ pod: first!.name });
    expect(one.body.result!.pods).toEqual([
      expect.objectContaining({ name: first!.name, memory: '3Gi' }),
    ]);
    const gone = await top({ pod: 'mongodb-gone' });
    expect(gone.status).toBe(404);
    expect(gone.body.error!.message).toBe('Pod "mongodb-gone" was not found.');
  });
});

describe('kubernetes.pods.top where the metrics API is not installed', () => {
  let bare: Awaited<ReturnType<typeof startBareApiserver>>;
  beforeAll(async () => {
    bare = await startBareApiserver(testCluster());
    await bare.kubectl(['create', 'namespace', 'wms']);
  }, 120_000);
  afterAll(() => bare?.stop());

  it('explains that metrics-server is missing instead of failing obscurely', async () => {
    const app = testApp({ kubernetes: { kubeconfig: bare.kubeconfig, namespace: 'wms' } });
    try {
      const { status, body } = await app.run({
        action: 'kubernetes.pods.top',
        input: { selector: 'app=orchestrator-worker' },
      });
      expect(status).toBe(502);
      expect(body.error).toEqual({
        code: 'target_error',
        message: `The metrics API (metrics.k8s.io) is not installed on ${bare.server}, so there is no CPU or memory usage to show.`,
        hint: 'Install metrics-server in the cluster (kubectl top needs it too); pod status and logs work without it.',
      });
      // The rest of the cluster answers as usual.
      const pods = await app.run({ action: 'kubernetes.pods.list', input: {} });
      expect(pods.status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
