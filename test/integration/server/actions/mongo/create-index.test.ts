import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ListIndexesResult } from '../../../../../server/actions/mongo/list-indexes.ts';
import { mongo, mongoApp, onFerretDb, scratchCollection } from '../../../../support/mongo.ts';

const runsheet = mongoApp();
afterAll(() => runsheet.close());

// Each test gets its own copy of task routes, so the shared wes_db.task_routes keeps its indexes.
let scratch: Awaited<ReturnType<typeof scratchCollection>>;
beforeEach(async () => {
  scratch = await scratchCollection('routes', 2_000);
});
afterEach(() => scratch.drop());

const RUNBOOK_KEYS = { status: 1, createdAt: -1 };

interface CreateIndexResult {
  created: boolean;
  namespace: string;
  name: string;
  message: string;
}

function createIndex(input: Record<string, unknown>, confirm = true) {
  return runsheet.run<CreateIndexResult>({
    action: 'mongo.createIndex',
    input: { database: 'wes_db', collection: scratch.name, ...input },
    confirm,
  });
}

async function indexes() {
  const { body } = await runsheet.run<ListIndexesResult>({
    action: 'mongo.listIndexes',
    input: { database: 'wes_db', collection: scratch.name },
  });
  return body.result!.indexes;
}

describe('mongo.createIndex', () => {
  it('shows what it would create, and the indexes already there, before it is confirmed', async () => {
    const { status, body } = await createIndex({ keys: RUNBOOK_KEYS }, false);

    expect(status).toBe(409);
    expect(body.error).toMatchObject({
      code: 'confirmation_required',
      message: `Confirm to create index status_1_createdAt_-1 { status: 1, createdAt: -1 } on wes_db.${scratch.name}`,
      preview: {
        summary: `Create index status_1_createdAt_-1 { status: 1, createdAt: -1 } on wes_db.${scratch.name}`,
        affected: [{ namespace: `wes_db.${scratch.name}`, documents: 2_000 }],
        details: {
          request: {
            createIndexes: scratch.name,
            indexes: [{ key: RUNBOOK_KEYS, name: 'status_1_createdAt_-1' }],
          },
          existing: [expect.objectContaining({ name: '_id_' })],
          equivalent: null,
        },
      },
    });
    expect(await indexes()).toHaveLength(1);
  });

  it('creates the runbook’s index {status: 1, createdAt: -1} with its keys in order', async () => {
    const { status, body } = await createIndex({ keys: RUNBOOK_KEYS });

    expect(status).toBe(200);
    expect(body.result).toMatchObject({
      created: true,
      name: 'status_1_createdAt_-1',
      message: `Created index status_1_createdAt_-1 on wes_db.${scratch.name}.`,
    });
    const created = (await indexes()).find((index) => index.name === 'status_1_createdAt_-1');
    expect(Object.entries(created!.keys)).toEqual([
      ['status', 1],
      ['createdAt', -1],
    ]);
  });

  it('is a no-op with a clear message the second time, whatever the name', async () => {
    await createIndex({ keys: RUNBOOK_KEYS });

    const again = await createIndex({ keys: RUNBOOK_KEYS, name: 'pending_by_age' });
    expect(again.status).toBe(200);
    expect(again.body.result).toEqual({
      created: false,
      namespace: `wes_db.${scratch.name}`,
      name: 'status_1_createdAt_-1',
      message: `Index status_1_createdAt_-1 already exists on wes_db.${scratch.name} with these keys and options: nothing was changed.`,
    });

    const preview = await createIndex({ keys: RUNBOOK_KEYS }, false);
    expect(preview.body.error?.preview).toMatchObject({
      summary: `Create index status_1_createdAt_-1 on wes_db.${scratch.name}: nothing to do, status_1_createdAt_-1 already exists with these keys`,
      warnings: [
        'An equivalent index status_1_createdAt_-1 ({ status: 1, createdAt: -1 }) already exists: running this changes nothing.',
      ],
      details: { equivalent: 'status_1_createdAt_-1' },
    });
    expect(await indexes()).toHaveLength(2);
  });

  it('refuses a name that an index with other keys already has', async () => {
    await createIndex({ keys: { warehouseId: 1 }, name: 'by_site' });

    const { status, body } = await createIndex({ keys: RUNBOOK_KEYS, name: 'by_site' });
    expect(status).toBe(409);
    expect(body.error).toMatchObject({
      code: 'precondition_failed',
      message: `An index named by_site already exists on wes_db.${scratch.name} with other keys ({ warehouseId: 1 }): give this one another name.`,
    });
  });

  it('refuses the same keys with other options', async () => {
    await createIndex({ keys: { orderId: 1 } });

    const { status, body } = await createIndex({ keys: { orderId: 1 }, unique: true });
    expect(status).toBe(409);
    expect(body.error?.message).toBe(
      `Index orderId_1 on wes_db.${scratch.name} already has these keys with other options ({ orderId: 1 }): MongoDB keeps one index per key pattern, so that one would have to be dropped first.`,
    );
  });

  it('creates a unique index', async () => {
    const { status } = await createIndex({ keys: { routeId: 1 }, unique: true });
    expect(status).toBe(200);
    expect((await indexes()).find((index) => index.name === 'routeId_1')).toMatchObject({
      unique: true,
    });
  });

  it.runIf(onFerretDb)('says FerretDB cannot build a partial index', async () => {
    const { status, body } = await createIndex({
      keys: { createdAt: -1 },
      partialFilterExpression: { status: 'PENDING' },
    });
    expect(status).toBe(501);
    expect(body.error?.code).toBe('not_supported');
    expect(body.error?.message).toBe(
      `a partial index (partialFilterExpression) is not supported by FerretDB ${mongo.version} at ${mongo.address}: Index option "partialFilterExpression" is not implemented yet`,
    );
    expect(await indexes()).toHaveLength(1);
  });

  it.runIf(!onFerretDb)('creates a partial index', async () => {
    const { status } = await createIndex({
      keys: { createdAt: -1 },
      partialFilterExpression: { status: 'PENDING' },
    });
    expect(status).toBe(200);
    expect((await indexes()).find((index) => index.name === 'createdAt_-1')).toMatchObject({
      partialFilterExpression: { status: 'PENDING' },
    });
  });

  it('answers 404 for a collection that does not exist, and does not create it', async () => {
    const { status, body } = await runsheet.run({
      action: 'mongo.createIndex',
      input: { database: 'wes_db', collection: 'task_routs', keys: RUNBOOK_KEYS },
      confirm: true,
    });
    expect(status).toBe(404);
    expect(body.error?.message).toBe('Collection wes_db.task_routs does not exist.');
    const names = await scratch.client
      .db('wes_db')
      .listCollections({ name: 'task_routs' })
      .toArray();
    expect(names).toEqual([]);
  });

  it.each([
    [
      { keys: { $where: 1 } },
      'keys.$where: a field path is names separated by dots (e.g. status or lines.sku): letters, digits, _ and -, starting with a letter or _; no $',
    ],
    [
      { keys: { status: 'text' } },
      'keys.status: an index direction is 1 (ascending) or -1 (descending)',
    ],
    [{ keys: {} }, 'keys: give at least one field, e.g. {"status": 1}'],
    [{ keys: RUNBOOK_KEYS, name: '_id_' }, 'name: _id_ is the name of the built-in _id index'],
    [
      { keys: RUNBOOK_KEYS, partialFilterExpression: { status: { $where: 'sleep(1)' } } },
      'partialFilterExpression.status: Unrecognized key: "$where"',
    ],
    [
      { keys: RUNBOOK_KEYS, collection: 'system.js' },
      'collection: system.* collections belong to MongoDB: Runsheet does not act on them',
    ],
  ])('refuses %j', async (input, problem) => {
    const { status, body } = await createIndex(input);
    expect(status).toBe(400);
    expect(body.error?.message).toBe(`Invalid input for mongo.createIndex: ${problem}`);
  });
});
