import { afterAll, describe, expect, it } from 'vitest';
import type { CurrentOpResult } from '../../../../../server/actions/mongo/current-op.ts';
import { mongo, mongoApp, onFerretDb, startSlowQuery } from '../../../../support/mongo.ts';

const runsheet = mongoApp();
afterAll(() => runsheet.close());
const killOp = (opid: unknown, extra: Record<string, unknown> = {}) =>
  runsheet.run({ action: 'mongo.killOp', input: { opid }, ...extra });

describe('mongo.killOp', () => {
  it.runIf(onFerretDb)(
    'says FerretDB cannot kill operations, before anything is sent',
    async () => {
      const { status, body } = await killOp(12345, {
        confirm: true,
        reason: 'INC-42 runaway scan',
      });
      expect(status).toBe(501);
      expect(body.error).toMatchObject({
        code: 'not_supported',
        message: `$currentOp is not supported by FerretDB ${mongo.version} at ${mongo.address}: FerretDB does not track operations in progress (its currentOp command always answers an empty list).`,
      });
    },
  );

  it.runIf(!onFerretDb)(
    'shows the operation, wants a reason, then kills it',
    async () => {
      const slow = await startSlowQuery(60, 'runaway-report');
      try {
        let opid: number | string | undefined;
        await expect
          .poll(async () => {
            const { body } = await runsheet.run<CurrentOpResult>({
              action: 'mongo.currentOp',
              input: { database: 'wes_db', collection: slow.collection },
            });
            opid = body.result?.operations[0]?.opid;
            return opid;
          })
          .toBeDefined();

        const unconfirmed = await killOp(opid);
        expect(unconfirmed.status).toBe(409);
        expect(unconfirmed.body.error?.preview?.summary).toMatch(
          new RegExp(
            `^Kill operation ${opid} \\(query on ${slow.namespace} running \\d+ s from .+:\\d+\\)$`,
          ),
        );
        const withoutReason = await killOp(opid, { confirm: true });
        expect(withoutReason.status).toBe(409);
        expect(withoutReason.body.error?.message).toMatch(
          /^Kill operation is destructive: give a reason/,
        );

        const { status, body } = await killOp(opid, {
          confirm: true,
          reason: 'INC-42 runaway scan',
        });
        expect(status).toBe(200);
        expect(body.result).toMatchObject({ opid, killed: true });
        expect(await slow.query).toMatchObject({ codeName: 'Interrupted' });
      } finally {
        await slow.stop();
      }
    },
    30_000,
  );

  it.runIf(!onFerretDb)('refuses to kill an operation that is not running', async () => {
    const { status, body } = await killOp(2_000_000_000, { confirm: true, reason: 'INC-42' });
    expect(status).toBe(409);
    expect(body.error).toMatchObject({
      code: 'precondition_failed',
      message: `Operation 2000000000 is not running on MongoDB ${mongo.version} (it may have finished): there is nothing to kill.`,
    });
  });

  it.each([['abc'], [-5], [1.5], [{ $gt: 0 }]])('refuses the operation id %j', async (opid) => {
    const { status, body } = await killOp(opid, { confirm: true, reason: 'INC-42' });
    expect(status).toBe(400);
    expect(body.error?.message).toBe(
      'Invalid input for mongo.killOp: opid: an operation id is a number, or shard:number',
    );
  });
});
