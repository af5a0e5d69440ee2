import { afterAll, describe, expect, it } from 'vitest';
import type { CurrentOpResult } from '../../../../../server/actions/mongo/current-op.ts';
import { mongo, mongoApp, onFerretDb, startSlowQuery } from '../../../../support/mongo.ts';

const runsheet = mongoApp();
afterAll(() => runsheet.close());
const currentOp = (input: Record<string, unknown>) =>
  runsheet.run<CurrentOpResult>({ action: 'mongo.currentOp', input });

describe('mongo.currentOp', () => {
  it.runIf(onFerretDb)(
    'says FerretDB cannot list operations, rather than answer an empty list',
    async () => {
      const { status, body } = await currentOp({ minSecondsRunning: 10 });
      expect(status).toBe(501);
      expect(body.error).toEqual({
        code: 'not_supported',
        message: `$currentOp is not supported by FerretDB ${mongo.version} at ${mongo.address}: FerretDB does not track operations in progress (its currentOp command always answers an empty list).`,
        hint: expect.stringContaining('run it against MongoDB itself'),
      });
    },
  );

  it.runIf(!onFerretDb)(
    'finds a long-running query by duration and namespace, with its shape but not its values',
    async () => {
      const slow = await startSlowQuery(6, 'wms-orchestrator-worker');
      try {
        let found: CurrentOpResult['operations'] = [];
        await expect
          .poll(
            async () => {
              const { body } = await currentOp({
                minSecondsRunning: 1,
                database: 'wes_db',
                collection: slow.collection,
                opType: 'query',
              });
              found = body.result?.operations ?? [];
              return found.length;
            },
            { timeout: 5_000, interval: 250 },
          )
          .toBe(1);
        const [operation] = found;
        expect(operation).toMatchObject({
          op: 'query',
          ns: slow.namespace,
          appName: 'wms-orchestrator-worker',
          client: expect.stringMatching(/:\d+$/),
          command: {
            find: slow.collection,
            filter: { $where: '?', status: '?' },
          },
        });
        expect(operation!.runningMs).toBeGreaterThanOrEqual(1_000);
        const text = JSON.stringify(found);
        expect(text).not.toContain('sleep');
        expect(text).not.toContain('PENDING');
      } finally {
        await slow.stop();
      }
    },
  );

  it.runIf(!onFerretDb)('leaves out what the filters exclude, and its own listing', async () => {
    const { status, body } = await currentOp({ database: 'wes_db', collection: 'no_such_thing' });
    expect(status).toBe(200);
    expect(body.result).toEqual({
      server: `MongoDB ${mongo.version}`,
      operations: [],
      truncated: false,
    });
  });

  it.each([
    [{ collection: 'task_routes' }, 'database: give the database of the collection too'],
    [
      { opType: 'drop' },
      'opType: Invalid option: expected one of "query"|"getmore"|"insert"|"update"|"remove"|"command"|"killcursors"',
    ],
    [{ minSecondsRunning: -1 }, 'minSecondsRunning: Too small: expected number to be >=0'],
    [
      { database: 'local' },
      'database: admin, local and config are MongoDB’s own databases: Runsheet does not act on them',
    ],
  ])('refuses %j', async (input, problem) => {
    const { status, body } = await currentOp(input);
    expect(status).toBe(400);
    expect(body.error?.message).toBe(`Invalid input for mongo.currentOp: ${problem}`);
  });
});
