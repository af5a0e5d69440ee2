import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FerretDbServer } from '../../../../sandbox/mongo/ferretdb.ts';
import { seedWesDb } from '../../../../sandbox/mongo/wes-db.ts';
import { startFerretDb } from '../../../stack/servers.ts';
import { testApp } from '../../../support/app.ts';
import { drillClient } from '../../../support/drills.ts';
import {
  adminClients,
  eventually,
  freshWmsNamespace,
  kubernetesConfig,
} from '../../../support/kubernetes.ts';

// The drills change wes_db's indexes and the mongodb deployment: a FerretDB and a namespace of
// this file's own, so the shared ones stay as seeded.
let ferret: FerretDbServer;
let fixtures: Awaited<ReturnType<typeof freshWmsNamespace>>;
let runsheet: ReturnType<typeof testApp>;
let drills: ReturnType<typeof drillClient>;

beforeAll(async () => {
  ferret = await startFerretDb();
  const client = new MongoClient(`mongodb://${ferret.address}/`, {
    auth: { username: ferret.username, password: ferret.password },
    authSource: ferret.authSource,
  });
  await seedWesDb(client);
  await client.close();
  fixtures = await freshWmsNamespace('mongodrills');
  runsheet = testApp({
    mongo: {
      uri: `mongodb://${ferret.address}/`,
      username: ferret.username,
      password: ferret.password,
      authSource: ferret.authSource,
      // An index build over 20,000 routes on a busy 2-core machine can outlast the 10 s default.
      operationTimeoutMs: 60_000,
    },
    kubernetes: kubernetesConfig(fixtures.namespace),
    environment: 'sandbox',
    identity: { localUser: 'trainee@example.com' },
  });
  drills = drillClient(runsheet);
}, 180_000);

afterAll(async () => {
  await runsheet?.close();
  await fixtures?.remove();
  await ferret?.stop();
});

const createIndex = (keys: Record<string, number>) =>
  runsheet.run({
    action: 'mongo.createIndex',
    input: { database: 'wes_db', collection: 'task_routes', keys },
    confirm: true,
    reason: 'drill',
  });
const scaleMongoDb = (replicas: number) =>
  runsheet.run({
    action: 'kubernetes.deployment.scale',
    input: { name: 'mongodb', replicas },
    confirm: true,
  });
const checkUntilResolved = (id: string) =>
  eventually(
    async () => (await drills.check(id)).body,
    (body) => body.resolved,
    { timeoutMs: 30_000, intervalMs: 1_000, what: `${id} resolved` },
  );

describe('the MongoDB drills, end to end on FerretDB', () => {
  it('missing-index: an index led by createdAt is flagged; status then createdAt resolves it', async () => {
    const attempt = await drills.begin('missing-index');
    expect(attempt.url).toBe('/runbooks/database-connection-problems/');
    const before = await drills.check(attempt.id);
    expect(before.body.resolved).toBe(false);

    const wrong = await createIndex({ createdAt: -1, status: 1 });
    expect(wrong.status).toBe(200);
    const flagged = await drills.check(attempt.id);
    expect(flagged.body.resolved).toBe(false);
    expect(flagged.body.mistakes).toEqual([
      {
        runId: wrong.body.id,
        message:
          'mongo.createIndex on {"createdAt":-1,"status":1}: an index must lead with the equality field (status), then the sort (createdAt), or the query still scans.',
      },
    ]);

    expect((await createIndex({ status: 1, createdAt: -1 })).status).toBe(200);
    const after = await drills.check(attempt.id);
    expect(after.body.resolved).toBe(true);
    expect(after.body.status).toContain('{"status":1,"createdAt":-1}');

    // A new attempt starts from the incident again: the earlier fixes are gone.
    const again = await drills.begin('missing-index');
    expect((await drills.check(again.id)).body.resolved).toBe(false);
  });

  it('mongodb-unreachable: scaling MongoDB back resolves it only once a connection test proves it', async () => {
    const attempt = await drills.begin('mongodb-unreachable');
    expect(attempt.url).toBe('/runbooks/worker-pod-issues/');
    expect((await drills.check(attempt.id)).body.resolved).toBe(false);

    // Restarting a worker: the fresh namespace's workers have one revision, so no rollback.
    const [workerPod] = (
      await adminClients().core.listNamespacedPod({
        namespace: fixtures.namespace,
        labelSelector: 'app=orchestrator-worker',
      })
    ).items;
    const wrong = await runsheet.run({
      action: 'kubernetes.pod.restart',
      input: { pod: workerPod!.metadata!.name! },
      confirm: true,
      reason: 'drill',
    });
    expect(wrong.status).toBe(200);

    expect((await scaleMongoDb(1)).status).toBe(200);
    const unproven = await eventually(
      async () => (await drills.check(attempt.id)).body,
      (body) => (body.status ?? '').includes('1 of 1 replicas available'),
      { timeoutMs: 30_000, intervalMs: 1_000, what: 'mongodb back' },
    );
    expect(unproven.resolved).toBe(false);
    expect(unproven.status).toContain('prove the workers can reach it');
    expect(unproven.mistakes.map((mistake) => mistake.runId)).toEqual([wrong.body.id]);

    expect((await runsheet.run({ action: 'mongo.ping', input: {} })).status).toBe(200);
    const after = await checkUntilResolved(attempt.id);
    expect(after.resolved).toBe(true);
  });
});
