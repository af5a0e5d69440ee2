import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../../../../sandbox/processes.ts';
import { createSqliteAuditStore } from '../../../../../server/audit/sqlite-store.ts';
import { testApp } from '../../../../support/app.ts';
import { mongo, onFerretDb, scratchCollection } from '../../../../support/mongo.ts';

// The password travels inside the connection string, as it often does in a Kubernetes secret.
// FerretDB's test password holds characters a URI must encode, so both spellings are looked for.
const password = mongo.password ?? '';
const wrongPassword = 'wr0ng/p@ss:w%rd-for-runsheet';
const forbidden = [
  password,
  encodeURIComponent(password),
  wrongPassword,
  encodeURIComponent(wrongPassword),
];
const [host] = mongo.address.split(',');

function uriWith(secret: string, address = host): string {
  const user = encodeURIComponent(mongo.username ?? 'runsheet');
  return `mongodb://${user}:${encodeURIComponent(secret)}@${address}/?authSource=${mongo.authSource}`;
}

/** Everything the app logs, at the most verbose level. */
let logged = '';
const log = pino(
  { level: 'trace' },
  new Writable({
    write(chunk, _encoding, done) {
      logged += String(chunk);
      done();
    },
  }),
);
const temporal = inject('temporal');
const answers: string[] = [];

async function request(app: ReturnType<typeof testApp>['app'], path: string, init?: RequestInit) {
  const response = await app.request(path, init);
  const text = await response.text();
  answers.push(`${path} ${response.status} ${text}`);
  return { status: response.status, text };
}

function run(app: ReturnType<typeof testApp>['app'], body: unknown, stream = false) {
  return request(app, '/api/runs', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(stream ? { accept: 'text/event-stream' } : {}),
    },
    body: JSON.stringify(body),
  });
}

let scratch: Awaited<ReturnType<typeof scratchCollection>>;
beforeAll(async () => {
  scratch = await scratchCollection('secrets', 50);
});
afterAll(() => scratch.drop());

describe.runIf(Boolean(mongo.password))('the MongoDB password', () => {
  it('never appears in any answer, log line or audit record, whatever happens', async () => {
    // Each app keeps its audit trail in a file, so the bytes on disk can be searched too.
    const auditDir = mkdtempSync(join(tmpdir(), 'runsheet-secrets-'));
    const audited = (name: string) => ({
      log,
      audit: createSqliteAuditStore(join(auditDir, `${name}.db`)),
    });
    const good = testApp({ temporal, mongo: { uri: uriWith(password) } }, audited('good'));
    const wrong = testApp({ mongo: { uri: uriWith(wrongPassword) } }, audited('wrong'));
    const offline = testApp(
      {
        mongo: {
          uri: uriWith(password, `127.0.0.1:${await freePort()}`),
          serverSelectionTimeoutMs: 500,
        },
      },
      audited('offline'),
    );
    try {
      for (const app of [good.app, wrong.app, offline.app]) {
        await request(app, '/api/health');
        await request(app, '/api/ready');
        await request(app, '/api/actions');
        await run(app, { action: 'mongo.ping', input: {} });
        await run(app, { action: 'mongo.ping', input: {} }, true);
        await run(app, { action: 'mongo.serverStatus', input: {} });
        await run(app, { action: 'mongo.currentOp', input: { minSecondsRunning: 1 } });
        await run(app, { action: 'mongo.slowOps', input: { database: 'wes_db' } });
        await run(app, {
          action: 'mongo.listIndexes',
          input: { database: 'wes_db', collection: 'task_routes' },
        });
        await run(app, {
          action: 'mongo.collStats',
          input: { database: 'wes_db', collection: 'task_routes' },
        });
        await run(app, {
          action: 'mongo.createIndex',
          input: { database: 'wes_db', collection: scratch.name, keys: { status: 1 } },
        });
        await run(app, {
          action: 'mongo.createIndex',
          input: { database: 'wes_db', collection: scratch.name, keys: { status: 1 } },
          confirm: true,
        });
        await run(app, {
          action: 'mongo.killOp',
          input: { opid: 1 },
          confirm: true,
          reason: 'INC-42',
        });
        await run(app, {
          action: 'mongo.listIndexes',
          input: { database: 'admin', collection: 'system.users' },
        });
        await request(app, '/api/audit?limit=1000');
        await request(app, '/api/audit/verify');
      }
    } finally {
      await Promise.all([good.close(), wrong.close(), offline.close()]);
    }
    const onDisk = readdirSync(auditDir)
      .map((file) => readFileSync(join(auditDir, file), 'latin1'))
      .join('\n');
    rmSync(auditDir, { recursive: true, force: true });

    // The runs did reach the server, failed to log in, and failed to connect: every path was taken.
    const all = answers.join('\n');
    expect(all).toContain('"created":true');
    expect(all).toContain('"code":"permission_denied"');
    expect(all).toContain('"code":"target_unreachable"');
    expect(all).toContain(onFerretDb ? '"code":"not_supported"' : '"connections"');
    expect(logged).toContain('run started');
    expect(logged).toContain('run finished');
    expect(all).toContain('"action":"mongo.createIndex"'); // the audit trail was read back
    expect(onDisk).toContain('mongo.killOp');

    for (const secret of forbidden) {
      expect(all).not.toContain(secret);
      expect(logged).not.toContain(secret);
      expect(onDisk).not.toContain(secret);
    }
  });
});
