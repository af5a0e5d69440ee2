import { afterAll, describe, expect, it } from 'vitest';
import type { SlowOpsResult } from '../../../../../server/actions/mongo/slow-ops.ts';
import { mongo, mongoApp, onFerretDb, scratchCollection } from '../../../../support/mongo.ts';

const runsheet = mongoApp();
afterAll(() => runsheet.close());
const slowOps = (input: Record<string, unknown>) =>
  runsheet.run<SlowOpsResult>({ action: 'mongo.slowOps', input });

describe('mongo.slowOps', () => {
  it.runIf(onFerretDb)('says FerretDB has no profiler, naming the server and version', async () => {
    const { status, body } = await slowOps({ database: 'wes_db' });
    expect(status).toBe(501);
    expect(body.error).toEqual({
      code: 'not_supported',
      message: `the database profiler is not supported by FerretDB ${mongo.version} at ${mongo.address}: no such command: 'profile'`,
      hint: expect.stringContaining('run it against MongoDB itself'),
    });
  });

  it.runIf(!onFerretDb)(
    'lists a collection scan the profiler recorded, with its shape and a suggestion',
    async () => {
      const scratch = await scratchCollection('profiled', 3_000);
      const db = scratch.client.db('wes_db');
      await db.command({ profile: 2 });
      try {
        await db.collection(scratch.name).find({ status: 'PENDING', zone: 'Z3' }).toArray();
        const { status, body } = await slowOps({
          database: 'wes_db',
          collection: scratch.name,
          minMillis: 0,
        });
        expect(status).toBe(200);
        expect(body.result!.profiler.level).toBe(2);
        const scan = body.result!.ops.find((op) => op.command?.['find'] === scratch.name);
        expect(scan).toMatchObject({
          op: 'query',
          ns: `wes_db.${scratch.name}`,
          planSummary: 'COLLSCAN',
          docsExamined: 3_000,
          command: { find: scratch.name, filter: { status: '?', zone: '?' } },
          suggestion: expect.stringContaining('mongo.createIndex'),
        });
        expect(JSON.stringify(body.result)).not.toContain('PENDING');
      } finally {
        await db.command({ profile: 0 });
        await scratch.drop();
      }
    },
  );

  it.runIf(!onFerretDb)('says when the profiler is off', async () => {
    const { status, body } = await slowOps({ database: 'wes_db' });
    expect(status).toBe(200);
    expect(body.result!.notice).toMatch(/^The profiler is off on wes_db \(level 0\)/);
  });

  it('refuses MongoDB’s own databases and out-of-range limits', async () => {
    const { status, body } = await slowOps({ database: 'config', limit: 1000 });
    expect(status).toBe(400);
    expect(body.error?.message).toBe(
      'Invalid input for mongo.slowOps: database: admin, local and config are MongoDB’s own databases: Runsheet does not act on them; limit: Too big: expected number to be <=200',
    );
  });
});
