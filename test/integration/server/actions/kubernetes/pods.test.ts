import { afterAll, describe, expect, inject, it } from 'vitest';
import type { PodSummary } from '../../../../../server/actions/kubernetes/shared/pods.ts';
import type { PodEvent } from '../../../../../server/actions/kubernetes/pod-events.ts';
import { testApp } from '../../../../support/app.ts';
import { adminClients, kubernetesConfig } from '../../../../support/kubernetes.ts';

const runsheet = testApp({ kubernetes: kubernetesConfig() });
afterAll(() => runsheet.close());
const namespace = inject('kubernetes').namespace;

const listPods = (input: Record<string, unknown>) =>
  runsheet.run<{ namespace: string | null; pods: PodSummary[] }>({
    action: 'kubernetes.pods.list',
    input,
  });

describe('kubernetes.pods.list against a real API server', () => {
  it('lists the worker pods with status, readiness, restarts and why they last stopped', async () => {
    const { status, body } = await listPods({ selector: 'app=orchestrator-worker' });

    expect(status).toBe(200);
    expect(body.result!.namespace).toBe(namespace);
    expect(body.result!.pods).toHaveLength(2);
    for (const pod of body.result!.pods) {
      expect(pod.name).toMatch(/^orchestrator-worker-[a-z0-9]+-[a-z0-9]{5}$/);
      expect(pod).toMatchObject({
        status: 'Running',
        phase: 'Running',
        ready: '1/1',
        isReady: true,
        restarts: 1,
        lastTermination: { container: 'orchestrator-worker', reason: 'OOMKilled', exitCode: 137 },
        node: 'kwok-node',
      });
      expect(pod.podIP).toMatch(/^10\.244\.0\.\d+$/);
      expect(pod.age).toMatch(/^\d+[smhd]$/);
    }
  });

  it('shows pods that never stopped without a last termination', async () => {
    const { body } = await listPods({ selector: 'app in (mongodb, wes-service)' });
    expect(body.result!.pods.map((pod) => pod.name.split('-')[0])).toEqual(['mongodb', 'wes']);
    for (const pod of body.result!.pods)
      expect(pod).toMatchObject({ restarts: 0, lastTermination: null });
  });

  it('reads one pod by name, a field selector, or every namespace (kubectl get pod NAME, --field-selector, -A)', async () => {
    const workers = (await listPods({ selector: 'app=orchestrator-worker' })).body.result!.pods;
    const one = await listPods({ name: workers[0]!.name });
    expect(one.body.result!.pods.map((pod) => pod.name)).toEqual([workers[0]!.name]);

    const byField = await listPods({ fieldSelector: `metadata.name=${workers[1]!.name}` });
    expect(byField.body.result!.pods.map((pod) => pod.name)).toEqual([workers[1]!.name]);

    const all = await listPods({ allNamespaces: true, selector: 'app=orchestrator-worker' });
    expect(all.body.result!.namespace).toBeNull();
    expect(all.body.result!.pods.filter((pod) => pod.namespace === namespace)).toHaveLength(2);
  });

  it('answers an empty list for a selector that matches nothing', async () => {
    const { status, body } = await listPods({ selector: 'app=no-such-app' });
    expect(status).toBe(200);
    expect(body.result!.pods).toEqual([]);
  });

  it('refuses a malformed selector before calling the cluster', async () => {
    const { status, body } = await listPods({ selector: 'app=orchestrator worker' });
    expect(status).toBe(400);
    expect(body.error!.message).toBe(
      'Invalid input for kubernetes.pods.list: selector: not a label selector: use key=value, key!=value, key in (a,b), key notin (a,b), key or !key, separated by commas',
    );
  });
});

describe('kubernetes.pod.events against a real API server', () => {
  it('lists the events of one pod, oldest first, as kubectl describe shows them', async () => {
    const { core } = adminClients();
    const pod = (await core.listNamespacedPod({ namespace, labelSelector: 'app=wes-service' }))
      .items[0]!;
    const name = pod.metadata!.name!;
    const event = (reason: string, type: string, message: string, minutesAgo: number) => ({
      metadata: { generateName: `${name}.`, namespace },
      involvedObject: { kind: 'Pod', name, namespace, uid: pod.metadata!.uid!, apiVersion: 'v1' },
      reason,
      type,
      message,
      count: 1,
      firstTimestamp: new Date(Date.now() - minutesAgo * 60_000),
      lastTimestamp: new Date(Date.now() - minutesAgo * 60_000),
      source: { component: 'kubelet', host: 'kwok-node' },
    });
    await core.createNamespacedEvent({
      namespace,
      body: event('BackOff', 'Warning', 'Back-off restarting failed container wes-service', 2),
    });
    await core.createNamespacedEvent({
      namespace,
      body: event('Pulled', 'Normal', 'Container image already present on machine', 5),
    });

    const { status, body } = await runsheet.run<{ events: PodEvent[] }>({
      action: 'kubernetes.pod.events',
      input: { pod: name },
    });

    expect(status).toBe(200);
    expect(body.result!.events.map((e) => [e.type, e.reason, e.message, e.source])).toEqual([
      ['Normal', 'Pulled', 'Container image already present on machine', 'kubelet'],
      ['Warning', 'BackOff', 'Back-off restarting failed container wes-service', 'kubelet'],
    ]);
  });

  it('says plainly when the pod does not exist', async () => {
    const { status, body } = await runsheet.run({
      action: 'kubernetes.pod.events',
      input: { pod: 'orchestrator-worker-gone' },
    });
    expect(status).toBe(404);
    expect(body.error).toMatchObject({
      code: 'not_found',
      message: 'Pod "orchestrator-worker-gone" was not found.',
    });
  });
});
