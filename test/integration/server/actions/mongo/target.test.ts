import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../../../../sandbox/processes.ts';
import { configSchema } from '../../../../../server/config.ts';
import { createMongoTarget } from '../../../../../server/targets/mongo.ts';
import { testApp } from '../../../../support/app.ts';
import { mongo, mongoApp, mongoSettings } from '../../../../support/mongo.ts';

const temporal = inject('temporal');

/** One valid input per mongo action: the not-configured answer must not depend on the action. */
const EVERY_ACTION = [
  { action: 'mongo.ping', input: {} },
  { action: 'mongo.serverStatus', input: {} },
  { action: 'mongo.currentOp', input: { minSecondsRunning: 10 } },
  { action: 'mongo.slowOps', input: { database: 'wes_db' } },
  { action: 'mongo.listIndexes', input: { database: 'wes_db', collection: 'task_routes' } },
  { action: 'mongo.collStats', input: { database: 'wes_db', collection: 'task_routes' } },
  {
    action: 'mongo.createIndex',
    input: { database: 'wes_db', collection: 'task_routes', keys: { status: 1, createdAt: -1 } },
    confirm: true,
  },
  { action: 'mongo.killOp', input: { opid: 1 }, confirm: true, reason: 'INC-42' },
];

describe('the mongo target with no URI configured', () => {
  const runsheet = testApp({ temporal });
  afterAll(() => runsheet.close());

  it.each(EVERY_ACTION)('answers $action with 503 naming the variable to set', async (request) => {
    const { status, body } = await runsheet.run(request);
    expect(status).toBe(503);
    expect(body.error).toEqual({
      code: 'target_not_configured',
      message: 'MongoDB is not configured for this Runsheet.',
      hint: expect.stringMatching(
        /^Set RUNSHEET_MONGO_URI \(mongo\.uri in runsheet\.config\.json\)/,
      ),
    });
  });

  it('is left out of /api/ready, which stays ready', async () => {
    const response = await runsheet.app.request('/api/ready');
    expect(response.status).toBe(200);
    const { targets } = (await response.json()) as { targets: { name: string }[] };
    expect(targets.map((target) => target.name)).toEqual(['temporal']);
  });
});

describe('the mongo target, configured', () => {
  it('is listed in /api/ready with its address and latency', async () => {
    const runsheet = testApp({ temporal, mongo: mongoSettings() });
    try {
      const response = await runsheet.app.request('/api/ready');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        ready: true,
        targets: [
          expect.objectContaining({ name: 'temporal', ok: true }),
          { name: 'mongo', address: mongo.address, ok: true, latencyMs: expect.any(Number) },
        ],
      });
    } finally {
      await runsheet.close();
    }
  });

  it.runIf(Boolean(mongo.password))(
    'reads the password from a file, and again after the server refused it',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'runsheet-mongo-'));
      const passwordFile = join(dir, 'password');
      writeFileSync(passwordFile, 'a-stale-password\n');
      const runsheet = mongoApp({ password: undefined, passwordFile });
      const listIndexes = () =>
        runsheet.run({
          action: 'mongo.listIndexes',
          input: { database: 'wes_db', collection: 'task_routes' },
        });
      try {
        expect((await listIndexes()).status).toBe(403);
        writeFileSync(passwordFile, `${mongo.password}\n`);
        expect((await listIndexes()).status).toBe(200);
      } finally {
        await runsheet.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('closes idempotently, and connects again on the next call', async () => {
    const target = createMongoTarget(configSchema.parse({ mongo: mongoSettings() }).mongo);
    const { signal } = new AbortController();
    await target.check(signal);
    await target.close();
    await target.close();
    await expect(target.check(signal)).resolves.toBeUndefined();
    await target.close();
  });
});

describe('when MongoDB cannot be reached', () => {
  // Accepts connections and never answers: what a hung server or a black-holed route looks like.
  let silent: Server;
  const sockets = new Set<Socket>();
  let silentAddress: string;
  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    silentAddress = `127.0.0.1:${port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('answers 503 naming host and port when nothing listens', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const offline = testApp({
      mongo: {
        uri: `mongodb://runsheet@${address}/`,
        password: 'irrelevant',
        serverSelectionTimeoutMs: 1_000,
      },
    });
    try {
      const { status, body } = await offline.run({ action: 'mongo.ping', input: {} });
      expect(status).toBe(503);
      expect(body.error).toEqual({
        code: 'target_unreachable',
        message: `MongoDB is unreachable at ${address} (no usable server within 1000 ms: connect ECONNREFUSED ${address}).`,
        hint: expect.stringContaining('RUNSHEET_MONGO_URI'),
      });
    } finally {
      await offline.close();
    }
  });

  it('gives up on a server that never answers within the configured timeout', async () => {
    const hung = testApp({
      mongo: {
        uri: `mongodb://${silentAddress}/`,
        serverSelectionTimeoutMs: 1_500,
        connectTimeoutMs: 1_000,
      },
    });
    try {
      const started = Date.now();
      const { status, body } = await hung.run({ action: 'mongo.ping', input: {} });
      const elapsed = Date.now() - started;
      expect(status).toBe(503);
      expect(body.error?.code).toBe('target_unreachable');
      expect(body.error?.message).toMatch(
        new RegExp(
          `^MongoDB is unreachable at ${silentAddress} \\(no usable server within 1500 ms`,
        ),
      );
      // Within the configured time, not the driver's default of 30 s.
      expect(elapsed).toBeGreaterThanOrEqual(1_000);
      expect(elapsed).toBeLessThan(10_000);
    } finally {
      await hung.close();
    }
  });

  it('answers 504 when a command outlives mongo.operationTimeoutMs', async () => {
    const impatient = mongoApp({ operationTimeoutMs: 1 });
    try {
      // The first call connects (not bound by the operation timeout) and may or may not time out.
      await impatient.run({ action: 'mongo.ping', input: {} });
      const { status, body } = await impatient.run({
        action: 'mongo.collStats',
        input: { database: 'wes_db', collection: 'task_routes' },
      });
      expect(status).toBe(504);
      expect(body.error?.code).toBe('deadline_exceeded');
      expect(body.error?.message).toBe(
        `${mongo.product} ${mongo.version} at ${mongo.address} did not answer within 1 ms.`,
      );
    } finally {
      await impatient.close();
    }
  });
});

describe('when MongoDB refuses the credentials', () => {
  it.runIf(Boolean(mongo.username))(
    'answers 403 for a wrong password, naming the user',
    async () => {
      const runsheet = mongoApp({ password: 'not-the-password' });
      try {
        const { status, body } = await runsheet.run({ action: 'mongo.ping', input: {} });
        expect(status).toBe(403);
        expect(body.error).toEqual({
          code: 'permission_denied',
          message: `MongoDB at ${mongo.address} refused the credentials of user "${mongo.username}" (authentication failed).`,
          hint: `Check the password (RUNSHEET_MONGO_PASSWORD or RUNSHEET_MONGO_PASSWORD_FILE), the user (RUNSHEET_MONGO_USERNAME) and the database it is defined in (authSource "${mongo.authSource}").`,
        });
      } finally {
        await runsheet.close();
      }
    },
  );

  it.runIf(Boolean(mongo.username))(
    'answers 403 when no credentials are given at all',
    async () => {
      const runsheet = testApp({ mongo: { uri: mongo.uri } });
      try {
        const { status, body } = await runsheet.run({
          action: 'mongo.listIndexes',
          input: { database: 'wes_db', collection: 'task_routes' },
        });
        expect(status).toBe(403);
        expect(body.error?.code).toBe('permission_denied');
        expect(body.error?.message).toMatch(
          /refused .* for user "\(none\)": .*(requires authentication|not authorized)/,
        );
      } finally {
        await runsheet.close();
      }
    },
  );
});

describe('the mongo actions in GET /api/actions', () => {
  it('lists every one with its risk and its input as JSON Schema, configured or not', async () => {
    const runsheet = testApp();
    try {
      const response = await runsheet.app.request('/api/actions');
      const { actions } = (await response.json()) as {
        actions: { id: string; risk: string; input: { properties?: Record<string, unknown> } }[];
      };
      const mongoActions = actions.filter((action) => action.id.startsWith('mongo.'));
      expect(Object.fromEntries(mongoActions.map((action) => [action.id, action.risk]))).toEqual({
        'mongo.ping': 'read',
        'mongo.serverStatus': 'read',
        'mongo.currentOp': 'read',
        'mongo.slowOps': 'read',
        'mongo.listIndexes': 'read',
        'mongo.collStats': 'read',
        'mongo.createIndex': 'write',
        'mongo.killOp': 'destructive',
      });
      const createIndex = mongoActions.find((action) => action.id === 'mongo.createIndex')!;
      expect(createIndex.input.properties).toMatchObject({
        database: { type: 'string', description: 'Database, e.g. wes_db' },
        collection: { type: 'string', description: 'Collection, e.g. task_routes' },
        keys: {
          type: 'object',
          description: 'Fields and directions, in order, e.g. {"status": 1, "createdAt": -1}',
        },
      });
    } finally {
      await runsheet.close();
    }
  });
});
