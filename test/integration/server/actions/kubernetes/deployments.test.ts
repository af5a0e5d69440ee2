import { beforeAll, describe, expect, it } from 'vitest';
import type { RolloutStatusResult } from '../../../../../server/actions/kubernetes/deployment-rollout-status.ts';
import { deployment } from '../../../../../sandbox/kubernetes/fixtures.ts';
import { runStreaming } from '../../../../support/sse.ts';
import { adminClients, kubectl, runsheetOnFreshNamespace } from '../../../../support/kubernetes.ts';

// These tests change workloads: they get a namespace of their own.
const world = runsheetOnFreshNamespace('deploy');

const replicasOf = async (name: string) => (await world.specOf(name)).replicas;

describe('kubernetes.deployment.scale', () => {
  it('previews from a server-side dry run, changing nothing until confirmed', async () => {
    const { status, body } = await world.runsheet.run({
      action: 'kubernetes.deployment.scale',
      input: { name: 'picking-service', replicas: 3 },
    });
    expect(status).toBe(409);
    expect(body.error).toMatchObject({
      code: 'confirmation_required',
      message: `Confirm to scale deployment picking-service in ${world.fixtures.namespace} from 1 to 3 replicas`,
      preview: {
        summary: `Scale deployment picking-service in ${world.fixtures.namespace} from 1 to 3 replicas`,
        details: {
          dryRun: true,
          changes: [{ field: 'spec.replicas', from: 1, to: 3 }],
          diff: ['spec.replicas: 1 → 3'],
        },
      },
    });
    expect(await replicasOf('picking-service')).toBe(1);
  });

  it('scales when confirmed, and rolloutStatus streams until the new pods are ready', async () => {
    const { status, body } = await world.runsheet.run({
      action: 'kubernetes.deployment.scale',
      input: { name: 'picking-service', replicas: 3 },
      confirm: true,
    });
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ replicasBefore: 1, replicasAfter: 3 });
    expect(await replicasOf('picking-service')).toBe(3);

    const events = await runStreaming(world.runsheet.app, {
      action: 'kubernetes.deployment.rolloutStatus',
      input: { name: 'picking-service', timeoutSeconds: 60 },
    });
    const result = events.at(-1)!;
    expect(result.event).toBe('result');
    expect((result.data as { result: RolloutStatusResult }).result).toMatchObject({
      outcome: 'complete',
      message: 'deployment "picking-service" successfully rolled out',
      replicas: 3,
      available: 3,
    });
    const messages = events
      .filter((e) => e.event === 'progress')
      .map((e) => (e.data as { message: string }).message);
    expect(messages).toContain('deployment "picking-service" successfully rolled out');
  });

  it('blocks a scale that changes nothing, and refuses a negative count', async () => {
    const same = await world.runsheet.run({
      action: 'kubernetes.deployment.scale',
      input: { name: 'wes-service', replicas: 1 },
      confirm: true,
    });
    expect(same.status).toBe(409);
    expect(same.body.error).toMatchObject({
      code: 'precondition_failed',
      message: 'Deployment wes-service already has 1 replicas: nothing to change.',
    });
    const negative = await world.runsheet.run({
      action: 'kubernetes.deployment.scale',
      input: { name: 'wes-service', replicas: -1 },
    });
    expect(negative.status).toBe(400);
  });

  it('names a deployment that does not exist', async () => {
    const { status, body } = await world.runsheet.run({
      action: 'kubernetes.deployment.scale',
      input: { name: 'orchestrator', replicas: 2 },
    });
    expect(status).toBe(404);
    expect(body.error!.message).toBe('Deployment "orchestrator" was not found.');
  });
});

describe('kubernetes.deployment.rolloutStatus when a rollout cannot finish', () => {
  beforeAll(async () => {
    // A new template whose pods never become Ready, with a short progress deadline.
    const stuck = deployment('wes-service', world.fixtures.namespace, {
      image: 'registry.example.com/wms/wes-service:2.4.0-broken',
      annotations: { 'runsheet.test/never-ready': 'true' },
    });
    stuck.spec.progressDeadlineSeconds = 3;
    await kubectl(['apply', '-f', '-'], JSON.stringify(stuck));
  });

  it('says timed_out when the wait ends first', async () => {
    const { body } = await world.runsheet.run<RolloutStatusResult>({
      action: 'kubernetes.deployment.rolloutStatus',
      input: { name: 'wes-service', timeoutSeconds: 1 },
    });
    expect(body.result).toMatchObject({ outcome: 'timed_out', updated: 1 });
    expect(body.result!.message).toMatch(
      /^Waiting for deployment "wes-service" rollout to finish: /,
    );
  });

  it('says failed once the deployment is past its progress deadline', async () => {
    const { body } = await world.runsheet.run<RolloutStatusResult>({
      action: 'kubernetes.deployment.rolloutStatus',
      input: { name: 'wes-service', timeoutSeconds: 40 },
    });
    expect(body.result).toMatchObject({ outcome: 'failed' });
    expect(body.result!.message).toMatch(
      /^deployment "wes-service" exceeded its progress deadline/,
    );
  });
});

describe('kubernetes.deployment.setResources', () => {
  const set = (input: Record<string, unknown>, confirm = false) =>
    world.runsheet.run({
      action: 'kubernetes.deployment.setResources',
      input: { name: 'orchestrator-worker', container: 'orchestrator-worker', ...input },
      confirm,
    });
  const resources = async () =>
    (
      await adminClients().apps.readNamespacedDeployment({
        name: 'orchestrator-worker',
        namespace: world.fixtures.namespace,
      })
    ).spec!.template.spec!.containers[0]!.resources;

  it('previews the change as a diff from a dry run, then applies it when confirmed', async () => {
    const input = {
      requests: { cpu: '2000m', memory: '2Gi' },
      limits: { cpu: '4000m', memory: '4Gi' },
    };
    const preview = await set(input);
    expect(preview.status).toBe(409);
    expect(preview.body.error!.preview!.details).toEqual({
      dryRun: true,
      changes: expect.any(Array),
      diff: [
        'containers[orchestrator-worker].resources.limits.cpu: 1 → 4',
        'containers[orchestrator-worker].resources.limits.memory: 2Gi → 4Gi',
        'containers[orchestrator-worker].resources.requests.cpu: 500m → 2',
        'containers[orchestrator-worker].resources.requests.memory: 1Gi → 2Gi',
      ],
    });
    expect(preview.body.error!.preview!.warnings).toEqual([
      'Changing the pod template starts a rolling update: all 2 pod(s) are replaced, a few at a time.',
    ]);
    expect(await resources()).toEqual({
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { cpu: '1', memory: '2Gi' },
    });

    const applied = await set(input, true);
    expect(applied.status).toBe(200);
    expect(await resources()).toEqual({
      requests: { cpu: '2', memory: '2Gi' },
      limits: { cpu: '4', memory: '4Gi' },
    });
  });

  it('changes only what is given: a memory limit alone keeps the rest', async () => {
    const applied = await set({ limits: { memory: '6Gi' } }, true);
    expect(applied.status).toBe(200);
    expect(await resources()).toEqual({
      requests: { cpu: '2', memory: '2Gi' },
      limits: { cpu: '4', memory: '6Gi' },
    });
  });

  it('refuses bad quantities and requests over limits, before or at the API server', async () => {
    const unit = await set({ limits: { memory: '4GB' } });
    expect(unit.status).toBe(400);
    expect(unit.body.error!.message).toBe(
      'Invalid input for kubernetes.deployment.setResources: limits.memory: a memory quantity is bytes with a unit, e.g. 512Mi, 4Gi or 2G',
    );
    const over = await set({ requests: { cpu: '3' }, limits: { cpu: '2' } });
    expect(over.status).toBe(400);
    expect(over.body.error!.message).toContain(
      'requests.cpu: the CPU request is over the CPU limit',
    );
    // Only the request is given: the existing limit (4) is what it exceeds, which the dry run finds.
    const overExisting = await set({ requests: { cpu: '8' } });
    expect(overExisting.status).toBe(400);
    expect(overExisting.body.error!.message).toMatch(
      /^Kubernetes rejected the request: .*must be less than or equal to cpu limit/,
    );
  });

  it('names a container the deployment does not have', async () => {
    const { status, body } = await set({ container: 'worker', limits: { memory: '4Gi' } });
    expect(status).toBe(404);
    expect(body.error!.message).toBe(
      'Deployment orchestrator-worker has no container "worker"; its containers: orchestrator-worker.',
    );
  });
});
