import { afterAll, describe, expect, it } from 'vitest';
import type { ListIndexesResult } from '../../../../../server/actions/mongo/list-indexes.ts';
import { mongoApp } from '../../../../support/mongo.ts';

const runsheet = mongoApp();
afterAll(() => runsheet.close());
const listIndexes = (input: Record<string, unknown>) =>
  runsheet.run<ListIndexesResult>({ action: 'mongo.listIndexes', input });

describe('mongo.listIndexes', () => {
  it('lists the indexes of wes_db.task_routes with their keys and options', async () => {
    const { status, body } = await listIndexes({ database: 'wes_db', collection: 'task_routes' });

    expect(status).toBe(200);
    expect(body.result!.namespace).toBe('wes_db.task_routes');
    expect(body.result!.indexes).toEqual([
      expect.objectContaining({ name: '_id_', keys: { _id: 1 } }),
      expect.objectContaining({ name: 'routeId_1', keys: { routeId: 1 }, unique: true }),
    ]);
  });

  it('answers 404 for a collection that does not exist, listing the ones that do', async () => {
    const { status, body } = await listIndexes({ database: 'wes_db', collection: 'task_route' });

    expect(status).toBe(404);
    expect(body.error?.message).toBe('Collection wes_db.task_route does not exist.');
    expect(body.error?.hint).toMatch(
      /^Names are case-sensitive\. Collections in wes_db: .*task_routes/,
    );
  });

  it('says so when the database itself has no collections', async () => {
    const { status, body } = await listIndexes({ database: 'wes_dbb', collection: 'task_routes' });
    expect(status).toBe(404);
    expect(body.error?.hint).toBe(
      'Names are case-sensitive. Database wes_dbb has no collections: check the database name.',
    );
  });

  it.each([
    [
      { database: 'admin', collection: 'system.users' },
      'database: admin, local and config are MongoDB’s own databases: Runsheet does not act on them; collection: system.* collections belong to MongoDB: Runsheet does not act on them',
    ],
    [
      { database: 'wes_db', collection: '$cmd' },
      'collection: a collection name starts with a letter or _ and has letters, digits, _, - and single dots only, e.g. task_routes',
    ],
    [
      { database: 'wes_db.task_routes', collection: 'x' },
      'database: a database name has letters, digits, _ and - only, e.g. wes_db',
    ],
    [
      { database: 'wes_db', collection: { $ne: null } },
      'collection: Invalid input: expected string, received object',
    ],
  ])('refuses %j before it reaches the server', async (input, problems) => {
    const { status, body } = await listIndexes(input);
    expect(status).toBe(400);
    expect(body.error?.message).toBe(`Invalid input for mongo.listIndexes: ${problems}`);
  });
});
