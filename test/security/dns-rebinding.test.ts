import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMain } from '../support/main-process.ts';
import { errorOf, noTargets, rawRequest } from './attack.ts';

/**
 * DNS rebinding in local mode (issue 12, high 2): a page at rebind.attacker.example, its name
 * rebound to 127.0.0.1, sends Host and Origin naming itself. Origin equals Host, so a CSRF check
 * alone lets a write through as the local admin; the Host allow-list refuses it first.
 */
const ATTACKER = 'rebind.attacker.example';
let runsheet: Awaited<ReturnType<typeof startMain>>;
let port: string;

beforeAll(async () => {
  runsheet = await startMain({
    ...noTargets(mkdtempSync(join(tmpdir(), 'runsheet-home-'))),
    // A target, so readiness has something to say.
    RUNSHEET_TEMPORAL_ADDRESS: inject('temporal').address,
    RUNSHEET_LOCAL_USER: 'me@example.com',
    RUNSHEET_ALLOWED_HOSTS: 'runsheet.example.internal',
  });
  port = new URL(runsheet.url).port;
});
afterAll(() => runsheet?.stop());

const signal = JSON.stringify({
  action: 'temporal.workflow.signal',
  input: { workflowId: 'order-fulfillment-ORD-1', signalName: 'waveAssigned' },
  confirmed: true,
});

const post = (host: string, extra: Record<string, string> = {}) =>
  rawRequest(runsheet.url, {
    method: 'POST',
    path: '/api/runs',
    headers: {
      host,
      origin: `http://${host}`,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(signal)),
      ...extra,
    },
    body: Readable.from([signal]),
  });

const trail = async () =>
  (
    (await (await fetch(`${runsheet.url}/api/audit?limit=100`)).json()) as {
      records: { kind: string; actor: string; action: string; error: { code: string } | null }[];
    }
  ).records;

describe('a request naming a foreign Host', () => {
  it('is refused before the CSRF check and identity, even with a matching Origin, and recorded', async () => {
    const answer = await post(`${ATTACKER}:${port}`);
    expect(answer.status).toBe(403);
    expect(errorOf(answer)).toMatchObject({
      code: 'host_not_allowed',
      message: `Refused: this Runsheet does not answer to the name "${ATTACKER}:${port}".`,
      hint: expect.stringContaining('server.allowedHosts'),
    });
    // Nothing ran: the trail holds the refusal only, with no one identified.
    expect(await trail()).toMatchObject([
      {
        kind: 'refused',
        actor: 'unidentified',
        action: 'POST /api/runs',
        error: { code: 'host_not_allowed' },
      },
    ]);
  });

  it('is refused on reads too (who am I, the trail), and a forwarded Host changes nothing', async () => {
    for (const path of ['/api/me', '/api/audit', '/api/actions']) {
      const answer = await rawRequest(runsheet.url, {
        path,
        headers: { host: `${ATTACKER}:${port}`, 'x-forwarded-host': `127.0.0.1:${port}` },
      });
      expect({ path, status: answer.status }).toEqual({ path, status: 403 });
    }
  });

  it('a loopback name at another port, or a bare IP of this machine, is foreign too', async () => {
    for (const host of [`localhost:${Number(port) + 1}`, `127.0.0.2:${port}`, `0.0.0.0:${port}`]) {
      const answer = await rawRequest(runsheet.url, { path: '/api/me', headers: { host } });
      expect({ host, status: answer.status }).toEqual({ host, status: 403 });
    }
  });

  it('probes still answer, as to no one: up or down per target, no addresses', async () => {
    const health = await rawRequest(runsheet.url, {
      path: '/api/health',
      headers: { host: `${ATTACKER}:${port}` },
    });
    expect(health.status).toBe(200);
    const ready = await rawRequest(runsheet.url, {
      path: '/api/ready',
      headers: { host: `${ATTACKER}:${port}` },
    });
    const { targets } = JSON.parse(ready.body) as { targets: Record<string, unknown>[] };
    expect(targets.map((target) => target['name'])).toContain('temporal');
    for (const target of targets) expect(Object.keys(target).sort()).toEqual(['name', 'ok']);
  });

  it('the names this server has are answered: loopback at its port, and configured hosts', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'runsheet.example.internal']) {
      const answer = await rawRequest(runsheet.url, { path: '/api/me', headers: { host } });
      expect({ host, status: answer.status }).toEqual({ host, status: 200 });
      expect(JSON.parse(answer.body)).toMatchObject({ actor: { id: 'me@example.com' } });
    }
  });
});
