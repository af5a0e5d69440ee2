import { describe, expect, it } from 'vitest';
import type { DeploymentHistoryResult } from '../../../../../server/actions/kubernetes/deployment-history.ts';
import type { DeploymentDescription } from '../../../../../server/actions/kubernetes/deployment-describe.ts';
import type { DeploymentsListResult } from '../../../../../server/actions/kubernetes/deployments-list.ts';
import type { PodDescription } from '../../../../../server/actions/kubernetes/pod-describe.ts';
import { deployment } from '../../../../../sandbox/kubernetes/fixtures.ts';
import {
  adminClients,
  eventually,
  kubectl,
  runsheetOnFreshNamespace,
} from '../../../../support/kubernetes.ts';

// The get/describe/rollout actions kubectl users reach for, against the real API server; the
// restart changes workloads, so the file has a namespace of its own.
const world = runsheetOnFreshNamespace('workloads');
const run = <Result>(action: string, input: object, extra: object = {}) =>
  world.runsheet.run<Result>({ action, input, ...extra });

describe('kubernetes.deployments.list', () => {
  it('lists a namespace as kubectl get deploy does, one by name, and refuses a name with a selector', async () => {
    const all = await run<DeploymentsListResult>('kubernetes.deployments.list', {});
    expect(all.status).toBe(200);
    expect(all.body.result!.deployments.map((item) => item.name)).toEqual([
      'mongodb',
      'orchestrator-worker',
      'picking-service',
      'wes-service',
    ]);
    const one = await run<DeploymentsListResult>('kubernetes.deployments.list', {
      name: 'orchestrator-worker',
    });
    expect(one.body.result!.deployments).toMatchObject([
      {
        namespace: world.fixtures.namespace,
        name: 'orchestrator-worker',
        images: [
          {
            container: 'orchestrator-worker',
            image: 'registry.example.com/wms/orchestrator-worker:1.4.2',
          },
        ],
        revision: 1,
      },
    ]);
    const missing = await run('kubernetes.deployments.list', { name: 'orchestrator' });
    expect(missing.status).toBe(404);
    const both = await run('kubernetes.deployments.list', { name: 'a', selector: 'app=a' });
    expect(both.status).toBe(400);
  });

  it('reads every namespace with allNamespaces, as kubectl get deploy -A', async () => {
    const { status, body } = await run<DeploymentsListResult>('kubernetes.deployments.list', {
      allNamespaces: true,
      selector: 'app=orchestrator-worker',
    });
    expect(status).toBe(200);
    expect(body.result!.namespace).toBeNull();
    expect(body.result!.deployments.map((item) => item.namespace)).toContain(
      world.fixtures.namespace,
    );
  });
});

describe('kubernetes.deployment.describe and kubernetes.pod.describe', () => {
  it('describes a deployment: replicas, template, new ReplicaSet, and never a literal env value', async () => {
    const { status, body } = await run<DeploymentDescription>('kubernetes.deployment.describe', {
      name: 'wes-service',
    });
    expect(status).toBe(200);
    const described = body.result!;
    expect(described).toMatchObject({
      name: 'wes-service',
      selector: 'app=wes-service',
      strategy: { type: 'RollingUpdate', maxSurge: '1', maxUnavailable: '0' },
      revision: 1,
    });
    expect(described.template.containers[0]!.env).toEqual([
      { name: 'TASK_QUEUE', from: 'literal (value not shown)' },
    ]);
    expect(described.newReplicaSet!.name).toMatch(/^wes-service-/);
    expect(JSON.stringify(described)).not.toContain('orchestrator-queue');
  });

  it('describes a pod: its controller, container state and events', async () => {
    const [pod] = (
      await adminClients().core.listNamespacedPod({
        namespace: world.fixtures.namespace,
        labelSelector: 'app=orchestrator-worker',
      })
    ).items;
    const { status, body } = await run<PodDescription>('kubernetes.pod.describe', {
      name: pod!.metadata!.name,
    });
    expect(status).toBe(200);
    expect(body.result!.controlledBy).toMatch(/^ReplicaSet\/orchestrator-worker-/);
    expect(body.result!.containers[0]).toMatchObject({
      name: 'orchestrator-worker',
      init: false,
      image: 'registry.example.com/wms/orchestrator-worker:1.4.2',
    });
    expect(body.result!.node).toBe('kwok-node');
  });
});

describe('kubernetes.deployment.restart and kubernetes.deployment.history', () => {
  it('previews the annotation patch as a dry run, restarts when confirmed, and history lists both revisions', async () => {
    const preview = await run('kubernetes.deployment.restart', { name: 'picking-service' });
    expect(preview.status).toBe(409);
    const details = preview.body.error!.preview!.details as {
      patch: { spec: { template: { metadata: { annotations: Record<string, string> } } } };
      dryRun: boolean;
      diff: string[];
    };
    expect(details.dryRun).toBe(true);
    expect(Object.keys(details.patch.spec.template.metadata.annotations)).toEqual([
      'kubectl.kubernetes.io/restartedAt',
    ]);
    expect(details.diff[0]).toMatch(
      /^spec\.template\.metadata\.annotations\.kubectl\.kubernetes\.io\/restartedAt: \(none\) → \d{4}-/,
    );
    const untouched = await adminClients().apps.readNamespacedDeployment({
      name: 'picking-service',
      namespace: world.fixtures.namespace,
    });
    expect(untouched.spec!.template!.metadata!.annotations).not.toHaveProperty(
      'kubectl.kubernetes.io/restartedAt',
    );

    const done = await run(
      'kubernetes.deployment.restart',
      { name: 'picking-service' },
      {
        confirm: true,
      },
    );
    expect(done.body.error).toBeUndefined();
    expect(done.status).toBe(200);
    const history = await eventually(
      async () =>
        (
          await run<DeploymentHistoryResult>('kubernetes.deployment.history', {
            name: 'picking-service',
          })
        ).body.result!,
      // The controller makes the new ReplicaSet before it marks the deployment's revision: wait
      // for both, or the history can show two revisions with the old one still current.
      (result) => result.revisions.length === 2 && result.revisions.at(-1)!.current,
      { what: 'the restart’s new revision, current', timeoutMs: 30_000 },
    );
    expect(history.revisions.map((revision) => [revision.revision, revision.current])).toEqual([
      [1, false],
      [2, true],
    ]);
    const one = await run<DeploymentHistoryResult>('kubernetes.deployment.history', {
      name: 'picking-service',
      revision: 1,
    });
    expect(one.body.result!.template!.containers[0]!.image).toBe(
      'registry.example.com/wms/picking-service:1.9.1',
    );
    const none = await run('kubernetes.deployment.history', {
      name: 'picking-service',
      revision: 9,
    });
    expect(none.status).toBe(404);
  });

  it('records the change-cause kubectl shows', async () => {
    const changed = deployment('wes-service', world.fixtures.namespace, {
      image: 'registry.example.com/wms/wes-service:2.4.0',
    });
    (changed.metadata as { annotations?: Record<string, string> }).annotations = {
      'kubernetes.io/change-cause': 'wes-service 2.4.0 for WAVE-12',
    };
    await kubectl(['apply', '-f', '-'], JSON.stringify(changed));
    const history = await eventually(
      async () =>
        (
          await run<DeploymentHistoryResult>('kubernetes.deployment.history', {
            name: 'wes-service',
          })
        ).body.result!,
      (result) => result.revisions.length === 2,
      { what: 'the new revision', timeoutMs: 30_000 },
    );
    expect(history.revisions.at(-1)).toMatchObject({
      revision: 2,
      changeCause: 'wes-service 2.4.0 for WAVE-12',
      images: [{ container: 'wes-service', image: 'registry.example.com/wms/wes-service:2.4.0' }],
    });
  });
});

describe('replicasets, statefulsets, events and nodes', () => {
  it('lists ReplicaSets with their deployment and revision', async () => {
    const { body } = await run<{
      replicaSets: { owner: string | null; revision: number | null }[];
    }>('kubernetes.replicasets.list', { selector: 'app=mongodb' });
    expect(body.result!.replicaSets).toMatchObject([{ owner: 'mongodb', revision: 1 }]);
  });

  it('lists a StatefulSet with its ready count', async () => {
    await kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'inventory-cache', namespace: world.fixtures.namespace },
        spec: {
          serviceName: 'inventory-cache',
          replicas: 1,
          selector: { matchLabels: { app: 'inventory-cache' } },
          template: {
            metadata: { labels: { app: 'inventory-cache' } },
            spec: {
              nodeName: 'kwok-node',
              containers: [{ name: 'cache', image: 'registry.example.com/wms/cache:1.0' }],
            },
          },
        },
      }),
    );
    const { status, body } = await run<{ statefulSets: { name: string; serviceName: string }[] }>(
      'kubernetes.statefulsets.list',
      {},
    );
    expect(status).toBe(200);
    expect(body.result!.statefulSets).toMatchObject([
      { name: 'inventory-cache', serviceName: 'inventory-cache' },
    ]);
  });

  it('lists events of one object, and of every namespace', async () => {
    const mine = await run<{ events: { object: string }[] }>('kubernetes.events.list', {
      for: 'deploy/picking-service',
    });
    expect(mine.status).toBe(200);
    expect(mine.body.result!.events.length).toBeGreaterThan(0);
    expect(new Set(mine.body.result!.events.map((event) => event.object))).toEqual(
      new Set(['deployment/picking-service']),
    );
    const everywhere = await run('kubernetes.events.list', {
      allNamespaces: true,
      types: ['Warning'],
    });
    expect(everywhere.status).toBe(200);
    const unknownKind = await run('kubernetes.events.list', { for: 'cronjob/x' });
    expect(unknownKind.status).toBe(400);
  });

  it('lists the kwok node as Ready', async () => {
    const { status, body } = await run<{ nodes: { name: string; status: string }[] }>(
      'kubernetes.nodes.list',
      {},
    );
    expect(status).toBe(200);
    expect(body.result!.nodes).toMatchObject([{ name: 'kwok-node', status: 'Ready' }]);
  });
});
