import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../support/app.ts';
import { drillClient } from '../../../support/drills.ts';
import {
  adminClients,
  eventually,
  freshWmsNamespace,
  kubernetesConfig,
} from '../../../support/kubernetes.ts';

// The drills change the worker deployment: this file gets a namespace of its own.
let fixtures: Awaited<ReturnType<typeof freshWmsNamespace>>;
let runsheet: ReturnType<typeof testApp>;
let drills: ReturnType<typeof drillClient>;

beforeAll(async () => {
  fixtures = await freshWmsNamespace('drills');
  runsheet = testApp({
    kubernetes: kubernetesConfig(fixtures.namespace),
    environment: 'sandbox',
    identity: { localUser: 'trainee@example.com' },
  });
  drills = drillClient(runsheet);
});

afterAll(async () => {
  await runsheet?.close();
  await fixtures?.remove();
});

const worker = () =>
  adminClients().apps.readNamespacedDeployment({
    name: 'orchestrator-worker',
    namespace: fixtures.namespace,
  });
/** Waits until the deployment controller has taken in the last change (a rollback refuses before). */
const settled = () =>
  eventually(
    worker,
    (deployment) =>
      (deployment.status?.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0),
    { what: 'the deployment controller catching up' },
  );
const rollback = async () => {
  await settled();
  return runsheet.run({
    action: 'kubernetes.deployment.rollback',
    input: { name: 'orchestrator-worker' },
    confirm: true,
    reason: 'Drill: the new build never gets ready',
  });
};
const scale = (replicas: number) =>
  runsheet.run({
    action: 'kubernetes.deployment.scale',
    input: { name: 'orchestrator-worker', replicas },
    confirm: true,
  });
/** Checks until the deployment controller and kwok have caught up with the fix. */
const checkUntilResolved = (id: string) =>
  eventually(
    async () => (await drills.check(id)).body,
    (body) => body.resolved,
    { timeoutMs: 30_000, intervalMs: 1_000, what: `${id} resolved` },
  );

describe('the Kubernetes drills', () => {
  it('lists only the drills this backend has targets for, saying why the others are out', async () => {
    const { drills: listed } = (await (await runsheet.app.request('/api/drills')).json()) as {
      drills: { id: string; available: boolean; unavailableBecause: string | null }[];
    };
    expect(listed.filter((drill) => drill.available).map((drill) => drill.id)).toEqual([
      'worker-scaled-to-zero',
      'bad-deployment',
    ]);
    expect(listed.find((drill) => drill.id === 'stuck-workflow')!.unavailableBecause).toBe(
      'It injects into Temporal (temporal.address), which this backend has no target for.',
    );
  });

  it('bad-deployment: a rollback resolves it; a pod of the bad build is in the URL', async () => {
    const attempt = await drills.begin('bad-deployment');
    expect(attempt.url).toMatch(
      /^\/runbooks\/deployment-rollback\/\?failedPodName=orchestrator-worker-/,
    );
    expect(attempt.facts['badImage']).toMatch(/:9\.9\.9-rc-[0-9a-f]{8}$/);
    const before = await drills.check(attempt.id);
    expect(before.body.resolved).toBe(false);
    expect(before.body.status).toContain('It still runs the bad build.');

    expect((await rollback()).status).toBe(200);
    const after = await checkUntilResolved(attempt.id);
    expect(after).toMatchObject({ resolved: true, mistakes: [] });
    expect(after.status).toMatch(/^orchestrator-worker runs .*:1\.4\.2 with 2 of 2 replicas/);
  });

  it('bad-deployment: scaling the workers to zero is rejected and resolves nothing', async () => {
    const attempt = await drills.begin('bad-deployment');
    const wrong = await scale(0);
    expect(wrong.status).toBe(200);
    const { body } = await drills.check(attempt.id);
    expect(body.resolved).toBe(false);
    expect(body.mistakes).toEqual([
      {
        runId: wrong.body.id,
        message:
          'kubernetes.deployment.scale on orchestrator-worker: scaling the workers to zero stops every order, including those the old pods still process; roll back instead.',
      },
    ]);
    // Put things right for the next drill: the rollback and the replicas back.
    expect((await rollback()).status).toBe(200);
    await scale(2);
    await checkUntilResolved(attempt.id);
  });

  it('refuses to start on a worker deployment that is not healthy, saying what to finish', async () => {
    await scale(0);
    const { status, body } = await drills.start('worker-scaled-to-zero');
    expect(status).toBe(409);
    expect(body.error!.hint).toBe(
      'Finish the drill in progress on orchestrator-worker (roll back or scale it up), then start again.',
    );
    await scale(2);
    await eventually(
      async () => (await worker()).status?.availableReplicas ?? 0,
      (available) => available === 2,
      { what: 'the workers back' },
    );
  });

  it('worker-scaled-to-zero: scaling back up resolves it', async () => {
    const attempt = await drills.begin('worker-scaled-to-zero');
    expect(attempt.url).toBe('/runbooks/high-workflow-latency/');
    expect((await worker()).spec!.replicas).toBe(0);
    expect((await drills.check(attempt.id)).body.resolved).toBe(false);

    expect((await scale(5)).status).toBe(200);
    const after = await checkUntilResolved(attempt.id);
    expect(after).toMatchObject({ resolved: true, mistakes: [] });
  });

  it('worker-scaled-to-zero: a rollback is rejected, the build was never the problem', async () => {
    const attempt = await drills.begin('worker-scaled-to-zero');
    const wrong = await rollback();
    expect(wrong.status).toBe(200);
    const { body } = await drills.check(attempt.id);
    expect(body.resolved).toBe(false);
    expect(body.mistakes).toEqual([
      {
        runId: wrong.body.id,
        message:
          'kubernetes.deployment.rollback on orchestrator-worker: the build was fine, only the replica count was 0: a rollback replaces a good build with an older one.',
      },
    ]);
  });
});
