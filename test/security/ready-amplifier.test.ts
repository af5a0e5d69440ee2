import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FerretDbServer } from '../../sandbox/mongo/ferretdb.ts';
import { startMain } from '../support/main-process.ts';
import { startFerretDb } from '../stack/servers.ts';
import { configFile, noTargets, tokenIdentity } from './attack.ts';

/**
 * /api/ready as an amplifier (issue 12, low): it answers without identity (probes carry none) and
 * checked every target on each call, so 50 anonymous calls made 50 checks of production's
 * database. Now anonymous callers (and /metrics scrapers) share checks cached for a few seconds.
 * Counted here on the target's side: the MongoDB server (a FerretDB of this file's own) counts
 * the `ping` commands it receives, which is what Runsheet's MongoDB check sends.
 */
const BURST = 50;
let mongo: FerretDbServer;
let runsheet: Awaited<ReturnType<typeof startMain>>;

beforeAll(async () => {
  mongo = await startFerretDb({ metrics: true });
  runsheet = await startMain({
    ...noTargets(mkdtempSync(join(tmpdir(), 'runsheet-home-'))),
    RUNSHEET_ENVIRONMENT: 'staging',
    RUNSHEET_MONGO_URI: `mongodb://${mongo.address}/`,
    RUNSHEET_MONGO_USERNAME: mongo.username,
    RUNSHEET_MONGO_PASSWORD: mongo.password,
    RUNSHEET_MONGO_AUTH_SOURCE: mongo.authSource,
    RUNSHEET_CONFIG: configFile({
      identity: tokenIdentity({ 'oscar@example.com': [{ role: 'viewer' }] }),
    }),
  });
});
afterAll(async () => {
  await runsheet?.stop();
  await mongo?.stop();
});

/** The pings the MongoDB server has received so far, as it counts them. */
async function pings(): Promise<number> {
  const metrics = await (await fetch(mongo.metricsUrl!)).text();
  const line = /^ferretdb_client_requests_total\{command="ping",opcode="OP_MSG"\} (\d+)$/m.exec(
    metrics,
  );
  return Number(line?.[1] ?? 0);
}

const ready = (headers: Record<string, string> = {}) =>
  fetch(`${runsheet.url}/api/ready`, { headers });

describe('/api/ready', () => {
  it('asked by a burst of anonymous callers and scrapers, checks the target at most once', async () => {
    // The first call fills the cache (or finds it filled by the server's own start-up).
    expect((await ready()).status).toBe(200);
    const before = await pings();
    const answers = await Promise.all([
      ...Array.from({ length: BURST }, () => ready()),
      ...Array.from({ length: BURST }, () => fetch(`${runsheet.url}/metrics`)),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    // A burst that straddles the end of the cache window makes one new check, never more.
    expect((await pings()) - before).toBeLessThanOrEqual(1);
    // They learn up or down, not where the target is.
    expect(await (await ready()).json()).toEqual({
      ready: true,
      targets: [{ name: 'mongo', ok: true }],
    });
  });

  it('asked by someone identified (accountable, and capped like any reader), checks it each time', async () => {
    const before = await pings();
    for (let call = 0; call < 3; call++) {
      const answer = await ready({ authorization: 'Bearer oscar@example.com' });
      expect(await answer.json()).toMatchObject({
        ready: true,
        targets: [{ name: 'mongo', ok: true, address: mongo.address }],
      });
    }
    // What the count above would have shown for each anonymous call without the cache.
    expect((await pings()) - before).toBe(3);
  });
});
