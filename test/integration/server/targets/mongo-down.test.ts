import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FerretDbServer } from '../../../../sandbox/mongo/ferretdb.ts';
import { startFerretDb } from '../../../stack/servers.ts';
import { testApp } from '../../../support/app.ts';

interface ReadyBody {
  ready: boolean;
  targets: { name: string; ok: boolean; address?: string }[];
}

describe('the MongoDB server going away while Runsheet runs', () => {
  let ferret: FerretDbServer;
  let runsheet: ReturnType<typeof testApp>;
  beforeAll(async () => {
    // A server of this test's own, so stopping it leaves the shared one for other tests.
    ferret = await startFerretDb();
    runsheet = testApp({
      mongo: {
        uri: `mongodb://${ferret.address}/`,
        username: ferret.username,
        password: ferret.password,
        authSource: ferret.authSource,
        serverSelectionTimeoutMs: 1_500,
      },
    });
  });
  afterAll(async () => {
    await runsheet?.close();
    await ferret?.stop();
  });

  it('answers 503 target_unreachable with a hint, audits the run as failed, and /api/ready says so', async () => {
    const step = { action: 'mongo.ping', input: {} };
    expect((await runsheet.run(step)).status).toBe(200);
    expect((await runsheet.app.request('/api/ready')).status).toBe(200);

    await ferret.stop();
    const { status, body } = await runsheet.run(step);
    expect(status).toBe(503);
    expect(body.error).toEqual({
      code: 'target_unreachable',
      // The pooled connection notices first; a later run finds no server at all.
      message: expect.stringMatching(
        new RegExp(
          `^(The connection to FerretDB [\\d.]+ at ${ferret.address} broke off: connect ECONNREFUSED|MongoDB is unreachable at ${ferret.address} \\(no usable server within 1500 ms)`,
        ),
      ),
      hint: expect.stringContaining('RUNSHEET_MONGO_URI'),
    });
    // And it stays down: the next run says so too, however the driver saw it.
    expect((await runsheet.run(step)).body.error?.code).toBe('target_unreachable');
    // The password never comes back, not even in an error about the server.
    expect(JSON.stringify(body)).not.toContain(ferret.password);

    const [finished] = await runsheet.audit.list({
      action: step.action,
      outcome: 'failed',
      limit: 1,
    });
    expect(finished).toMatchObject({
      kind: 'finished',
      outcome: 'failed',
      error: { code: 'target_unreachable', message: body.error!.message },
    });

    const ready = await runsheet.app.request('/api/ready');
    expect(ready.status).toBe(503);
    const { targets } = (await ready.json()) as ReadyBody;
    expect(targets.find((check) => check.name === 'mongo')).toMatchObject({
      ok: false,
      address: ferret.address,
    });
  });
});
