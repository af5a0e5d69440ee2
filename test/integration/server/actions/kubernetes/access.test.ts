import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeKubeconfig } from '../../../../../sandbox/kubernetes/access.ts';
import { freePort } from '../../../../../sandbox/processes.ts';
import { testApp } from '../../../../support/app.ts';
import {
  adminClients,
  freshWmsNamespace,
  kubectl,
  kubernetesConfig,
} from '../../../../support/kubernetes.ts';

const provided = inject('kubernetes');

describe('what Runsheet says when it cannot use the cluster', () => {
  it('names the API server it cannot reach (503)', async () => {
    const port = await freePort();
    const kubeconfig = writeKubeconfig(join(provided.dir, `unreachable-${port}.kubeconfig`), {
      server: `https://127.0.0.1:${port}`,
      caFile: provided.caFile,
      user: { token: 'unused' },
    });
    const runsheet = testApp({ kubernetes: { kubeconfig } });
    try {
      const { status, body } = await runsheet.run({ action: 'kubernetes.pods.list', input: {} });
      expect(status).toBe(503);
      expect(body.error).toEqual({
        code: 'target_unreachable',
        message: `The Kubernetes API server at https://127.0.0.1:${port} is unreachable: connection refused (ECONNREFUSED).`,
        hint: 'Check that the API server is running and that the kubeconfig (RUNSHEET_KUBE_CONFIG / RUNSHEET_KUBE_CONTEXT) points at it.',
      });
      const ready = await runsheet.app.request('/api/ready');
      const checks = ((await ready.json()) as { targets: { name: string; ok: boolean }[] }).targets;
      expect(checks.find((check) => check.name === 'kubernetes')).toMatchObject({
        ok: false,
        address: `https://127.0.0.1:${port}`,
      });
    } finally {
      await runsheet.close();
    }
  });

  it('says Kubernetes is not configured, and which variable sets it (503)', async () => {
    const runsheet = testApp({});
    try {
      const { status, body } = await runsheet.run({ action: 'kubernetes.pods.list', input: {} });
      expect(status).toBe(503);
      expect(body.error).toEqual({
        code: 'target_not_configured',
        message: 'Kubernetes is not configured.',
        hint: 'Set RUNSHEET_KUBE_CONFIG (or KUBECONFIG) to a kubeconfig file, optionally RUNSHEET_KUBE_CONTEXT, or RUNSHEET_KUBE_IN_CLUSTER=true when Runsheet runs in the cluster.',
      });
      // /api/ready reports only what is configured.
      const ready = await runsheet.app.request('/api/ready');
      const checks = ((await ready.json()) as { targets: { name: string }[] }).targets;
      expect(checks.map((check) => check.name)).not.toContain('kubernetes');
    } finally {
      await runsheet.close();
    }
  });

  it('reports a configured, reachable cluster as ready', async () => {
    const runsheet = testApp({ kubernetes: kubernetesConfig() });
    try {
      const ready = await runsheet.app.request('/api/ready');
      const checks = (
        (await ready.json()) as { targets: { name: string; ok: boolean; address: string }[] }
      ).targets;
      expect(checks.find((check) => check.name === 'kubernetes')).toMatchObject({
        ok: true,
        address: provided.server,
      });
    } finally {
      await runsheet.close();
    }
  });
});

/**
 * deploy/rbac.yaml, applied to a namespace of its own, and every action run as its service account
 * with a token from the TokenRequest API: what the Role grants is enough, and no more reaches out.
 */
describe('the actions as the service account of deploy/rbac.yaml', () => {
  let fixtures: Awaited<ReturnType<typeof freshWmsNamespace>>;
  let runsheet: ReturnType<typeof testApp>;
  const run = (
    action: string,
    input: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) => runsheet.run({ action, input, ...extra });

  beforeAll(async () => {
    fixtures = await freshWmsNamespace('rbac');
    const manifest = readFileSync(
      new URL('../../../../../deploy/rbac.yaml', import.meta.url),
      'utf8',
    );
    expect(manifest).toContain('namespace: wms');
    await kubectl(
      ['apply', '-f', '-'],
      manifest.replaceAll('namespace: wms', `namespace: ${fixtures.namespace}`),
    );
    const token = await adminClients().core.createNamespacedServiceAccountToken({
      name: 'runsheet',
      namespace: fixtures.namespace,
      body: { spec: { expirationSeconds: 3600, audiences: [] } },
    });
    const kubeconfig = writeKubeconfig(
      join(provided.dir, `${fixtures.namespace}-runsheet.kubeconfig`),
      {
        server: provided.server,
        caFile: provided.caFile,
        user: { token: token.status!.token! },
      },
    );
    runsheet = testApp({ kubernetes: { kubeconfig, namespace: fixtures.namespace } });
  });
  afterAll(async () => {
    await runsheet?.close();
    await fixtures?.remove();
  });

  it('runs every read action', async () => {
    const pods = await run('kubernetes.pods.list', { selector: 'app=orchestrator-worker' });
    expect(pods.status).toBe(200);
    const pod = (pods.body.result as { pods: { name: string }[] }).pods[0]!.name;
    const reads: [string, Record<string, unknown>][] = [
      [
        'kubernetes.pods.logs',
        { selector: 'app=orchestrator-worker', grep: { pattern: 'ORD-12345' } },
      ],
      ['kubernetes.pods.logs', { pod, previous: true }],
      ['kubernetes.pod.events', { pod }],
      ['kubernetes.services.list', {}],
      ['kubernetes.secret.describe', { name: 'mongodb-credentials' }],
      ['kubernetes.connectivity.check', { service: 'mongodb' }],
      ['kubernetes.deployment.rolloutStatus', { name: 'mongodb', timeoutSeconds: 5 }],
      ['kubernetes.pod.describe', { name: pod }],
      ['kubernetes.deployments.list', {}],
      ['kubernetes.deployment.describe', { name: 'mongodb' }],
      ['kubernetes.deployment.history', { name: 'mongodb' }],
      ['kubernetes.replicasets.list', {}],
      ['kubernetes.statefulsets.list', {}],
      ['kubernetes.events.list', {}],
      // Cluster-wide: through the ClusterRole rbac.yaml binds to the same service account.
      ['kubernetes.nodes.list', {}],
    ];
    for (const [action, input] of reads) {
      const { status, body } = await run(action, input);
      expect({ action, status, error: body.error }).toEqual({
        action,
        status: 200,
        error: undefined,
      });
    }
    // metrics-server may not have sampled this namespace's pods yet; permission is what counts here.
    const top = await run('kubernetes.pods.top', { selector: 'app=orchestrator-worker' });
    expect(top.status).toBe(200);
  });

  it('runs every write and destructive action, previews (dry runs) included', async () => {
    const writes: [string, Record<string, unknown>][] = [
      ['kubernetes.deployment.scale', { name: 'picking-service', replicas: 2 }],
      [
        'kubernetes.deployment.setResources',
        { name: 'wes-service', container: 'wes-service', limits: { memory: '2Gi' } },
      ],
      ['kubernetes.deployment.rollback', { name: 'wes-service' }],
      ['kubernetes.deployment.restart', { name: 'picking-service' }],
    ];
    for (const [action, input] of writes) {
      const preview = await run(action, input);
      expect({ action, status: preview.status, code: preview.body.error?.code }).toEqual({
        action,
        status: 409,
        code: 'confirmation_required',
      });
      const done = await run(action, input, { confirm: true, reason: 'rbac test' });
      expect({ action, status: done.status, error: done.body.error }).toEqual({
        action,
        status: 200,
        error: undefined,
      });
      // As a runbook would: let the rollout finish before the next step.
      const rollout = await run('kubernetes.deployment.rolloutStatus', {
        name: input['name'],
        timeoutSeconds: 60,
      });
      expect(rollout.body.result).toMatchObject({ outcome: 'complete' });
    }
    const [mongo] = (
      await adminClients().core.listNamespacedPod({
        namespace: fixtures.namespace,
        labelSelector: 'app=mongodb',
      })
    ).items;
    const restart = await run(
      'kubernetes.pod.restart',
      { pod: mongo!.metadata!.name, timeoutSeconds: 60 },
      { confirm: true, reason: 'rbac test' },
    );
    expect(restart.body.error).toBeUndefined();
    expect(restart.status).toBe(200);
  });

  it('is refused outside its namespace, with the API server’s reason (403)', async () => {
    const { status, body } = await run('kubernetes.pods.list', { namespace: provided.namespace });
    expect(status).toBe(403);
    expect(body.error).toEqual({
      code: 'permission_denied',
      message: `Kubernetes refused: pods is forbidden: User "system:serviceaccount:${fixtures.namespace}:runsheet" cannot list resource "pods" in API group "" in the namespace "${provided.namespace}"`,
      hint: "Runsheet's service account lacks this permission: see deploy/rbac.yaml for the Role the actions need.",
    });
    const secret = await run('kubernetes.secret.describe', {
      namespace: provided.namespace,
      name: 'mongodb-credentials',
    });
    expect(secret.status).toBe(403);
  });
});
