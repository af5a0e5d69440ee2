import { describe, expect, it } from 'vitest';
import { deployment } from '../../../../../sandbox/kubernetes/fixtures.ts';
import { adminClients, kubectl, runsheetOnFreshNamespace } from '../../../../support/kubernetes.ts';

const world = runsheetOnFreshNamespace('destroy');

const imageOf = async (name: string) =>
  (await world.specOf(name)).template.spec!.containers[0]!.image;

async function rollOut(image: string) {
  await kubectl(
    ['apply', '-f', '-'],
    JSON.stringify(deployment('orchestrator-worker', world.fixtures.namespace, { image })),
  );
  await kubectl([
    'rollout',
    'status',
    '-n',
    world.fixtures.namespace,
    'deployment/orchestrator-worker',
    '--timeout=60s',
  ]);
}

describe('kubernetes.deployment.rollback', () => {
  const rollback = (input: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    world.runsheet.run({
      action: 'kubernetes.deployment.rollback',
      input: { name: 'orchestrator-worker', ...input },
      ...extra,
    });

  it('blocks when there is no earlier revision', async () => {
    const { status, body } = await rollback({}, { confirm: true, reason: 'INC-1' });
    expect(status).toBe(409);
    expect(body.error).toMatchObject({
      code: 'precondition_failed',
      message: 'Deployment orchestrator-worker has no revision before 1 to roll back to.',
    });
  });

  it('previews the previous revision’s template as a diff, needs a reason, then rolls back', async () => {
    await rollOut('registry.example.com/wms/orchestrator-worker:1.5.0');
    const preview = await rollback({});
    expect(preview.status).toBe(409);
    expect(preview.body.error!.preview).toMatchObject({
      summary: `Roll back deployment orchestrator-worker (${world.fixtures.namespace}) from revision 2 to revision 1`,
      details: {
        dryRun: true,
        fromRevision: 2,
        toRevision: 1,
        revisions: [1, 2],
        diff: [
          'template.spec.containers[orchestrator-worker].image: registry.example.com/wms/orchestrator-worker:1.5.0 → registry.example.com/wms/orchestrator-worker:1.4.2',
        ],
      },
    });
    expect(await imageOf('orchestrator-worker')).toBe(
      'registry.example.com/wms/orchestrator-worker:1.5.0',
    );

    const noReason = await rollback({}, { confirm: true });
    expect(noReason.status).toBe(409);
    expect(noReason.body.error!.message).toBe(
      `Roll back deployment is destructive: give a reason to roll back deployment orchestrator-worker (${world.fixtures.namespace}) from revision 2 to revision 1`,
    );

    const done = await rollback({}, { confirm: true, reason: 'INC-42: 1.5.0 crashes on start' });
    expect(done.status).toBe(200);
    expect(done.body.result).toMatchObject({ fromRevision: 2, toRevision: 1 });
    expect(await imageOf('orchestrator-worker')).toBe(
      'registry.example.com/wms/orchestrator-worker:1.4.2',
    );
    // The deployment controller records the rollback as revision 3, as kubectl rollout undo does,
    // and has taken it in (the next test's rollback needs a settled deployment).
    await expect
      .poll(async () => {
        const { metadata, status } = await adminClients().apps.readNamespacedDeployment({
          name: 'orchestrator-worker',
          namespace: world.fixtures.namespace,
        });
        const settled = status?.observedGeneration === metadata!.generation;
        return settled ? metadata!.annotations!['deployment.kubernetes.io/revision'] : 'not yet';
      })
      .toBe('3');
  });

  it('goes to a chosen revision, and names the revisions it keeps when one is missing', async () => {
    const missing = await rollback({ toRevision: 9 });
    expect(missing.status).toBe(409);
    expect(missing.body.error!.message).toBe(
      'Deployment orchestrator-worker has no revision 9; it keeps revisions 2, 3.',
    );
    const chosen = await rollback(
      { toRevision: 2 },
      { confirm: true, reason: 'INC-42: retry 1.5.0' },
    );
    expect(chosen.status).toBe(200);
    expect(await imageOf('orchestrator-worker')).toBe(
      'registry.example.com/wms/orchestrator-worker:1.5.0',
    );
  });
});

describe('kubernetes.pod.restart', () => {
  const podsOf = async (app: string) =>
    (
      await adminClients().core.listNamespacedPod({
        namespace: world.fixtures.namespace,
        labelSelector: `app=${app}`,
      })
    ).items;

  it('deletes the mongodb pod and waits until its replacement is Ready', async () => {
    const [old] = await podsOf('mongodb');
    const preview = await world.runsheet.run({
      action: 'kubernetes.pod.restart',
      input: { pod: old!.metadata!.name },
    });
    expect(preview.status).toBe(409);
    expect(preview.body.error!.preview).toMatchObject({
      summary: `Delete pod ${old!.metadata!.name} (${world.fixtures.namespace}) and wait up to 120 s for a Ready replacement`,
      warnings: [
        expect.stringMatching(
          /^deployment mongodb \(ReplicaSet mongodb-[a-z0-9]+\) creates the replacement/,
        ),
        expect.stringMatching(/^It is the only Ready pod of deployment mongodb/),
      ],
    });

    const { status, body } = await world.runsheet.run<{
      replacement: { name: string; isReady: boolean };
    }>({
      action: 'kubernetes.pod.restart',
      input: { pod: old!.metadata!.name, timeoutSeconds: 60 },
      confirm: true,
      reason: 'INC-7: connection pool stuck',
    });
    expect(status).toBe(200);
    expect(body.result!.replacement.isReady).toBe(true);
    expect(body.result!.replacement.name).not.toBe(old!.metadata!.name);
    const now = await podsOf('mongodb');
    expect(now.map((pod) => pod.metadata!.name)).toEqual([body.result!.replacement.name]);
  });

  it('blocks deleting a pod no controller would bring back', async () => {
    await kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'debug-shell', namespace: world.fixtures.namespace },
        spec: { nodeName: 'kwok-node', containers: [{ name: 'shell', image: 'busybox' }] },
      }),
    );
    const { status, body } = await world.runsheet.run({
      action: 'kubernetes.pod.restart',
      input: { pod: 'debug-shell' },
      confirm: true,
      reason: 'test',
    });
    expect(status).toBe(409);
    expect(body.error!.message).toBe(
      'Pod debug-shell has no controller: deleted, it would not come back.',
    );
  });

  it('gives up after its time limit when the replacement never becomes Ready', async () => {
    const stuck = deployment('picking-service', world.fixtures.namespace, {
      annotations: { 'runsheet.test/never-ready': 'true' },
    });
    await kubectl(['apply', '-f', '-'], JSON.stringify(stuck));
    // The rolling update cannot finish: the never-ready pod is the newest of the two.
    await expect.poll(async () => (await podsOf('picking-service')).length).toBe(2);
    const pending = (await podsOf('picking-service')).find(
      (pod) => pod.status?.phase === 'Pending',
    )!;
    const { status, body } = await world.runsheet.run({
      action: 'kubernetes.pod.restart',
      input: { pod: pending.metadata!.name, timeoutSeconds: 3 },
      confirm: true,
      reason: 'test',
    });
    expect(status).toBe(504);
    expect(body.error!.message).toMatch(
      new RegExp(
        `^Pod ${pending.metadata!.name} was deleted, but no replacement was Ready within 3 s \\(Replacement picking-service-[a-z0-9-]+: Pending, ready 0/1\\)\\.$`,
      ),
    );
  });
});
