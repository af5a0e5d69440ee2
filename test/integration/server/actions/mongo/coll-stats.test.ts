import { afterAll, describe, expect, it } from 'vitest';
import type { CollStats } from '../../../../../server/actions/mongo/coll-stats.ts';
import { TASK_ROUTE_COUNT } from '../../../../../sandbox/mongo/wes-db.ts';
import { mongoApp } from '../../../../support/mongo.ts';

const runsheet = mongoApp();
afterAll(() => runsheet.close());
const collStats = (input: Record<string, unknown>) =>
  runsheet.run<CollStats>({ action: 'mongo.collStats', input });

describe('mongo.collStats', () => {
  it('reports the documents, sizes and index sizes of wes_db.task_routes', async () => {
    const { status, body } = await collStats({ database: 'wes_db', collection: 'task_routes' });

    expect(status).toBe(200);
    const stats = body.result!;
    expect(stats).toMatchObject({
      namespace: 'wes_db.task_routes',
      documents: TASK_ROUTE_COUNT,
      indexes: 2,
      capped: false,
    });
    expect(stats.sizeBytes).toBeGreaterThan(TASK_ROUTE_COUNT * 100);
    expect(stats.storageBytes).toBeGreaterThan(0);
    expect(stats.averageDocumentBytes).toBeGreaterThan(100);
    expect(Object.keys(stats.indexBytes).sort()).toEqual(['_id_', 'routeId_1']);
    expect(stats.totalIndexBytes).toBeGreaterThan(0);
  });

  it('answers 404 for a collection that does not exist', async () => {
    const { status, body } = await collStats({ database: 'wes_db', collection: 'TASK_ROUTES' });
    expect(status).toBe(404);
    expect(body.error?.message).toBe('Collection wes_db.TASK_ROUTES does not exist.');
  });

  it('refuses a system collection', async () => {
    const { status, body } = await collStats({ database: 'wes_db', collection: 'system.profile' });
    expect(status).toBe(400);
    expect(body.error?.message).toBe(
      'Invalid input for mongo.collStats: collection: system.* collections belong to MongoDB: Runsheet does not act on them',
    );
  });
});
