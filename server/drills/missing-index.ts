import { isDeepStrictEqual } from 'node:util';
import type { AuditRecord } from '../audit/record.ts';
import { defineDrill, type DrillContext, type Mistake } from './define-drill.ts';

const DATABASE = 'wes_db';
const COLLECTION = 'task_routes';
/** The WES query: pending routes, newest first. An index serves it led by status, then createdAt. */
const WANTED_FIELDS = ['status', 'createdAt'];

const routes = (ctx: DrillContext) =>
  ctx.mongo((session) => session.client.db(DATABASE).collection(COLLECTION).indexes());
const fieldsOf = (key: Record<string, unknown>) => Object.keys(key);
const serves = (key: Record<string, unknown>) => isDeepStrictEqual(fieldsOf(key), WANTED_FIELDS);
/** Any index a fix (or a wrong one) of an earlier attempt left on status or createdAt. */
const earlierFix = (key: Record<string, unknown>) =>
  fieldsOf(key).some((field) => WANTED_FIELDS.includes(field));

/**
 * Seed: Database Connection Problems, "Long-running queries" then the index. The pick-route query
 * on status sorted by createdAt reads all 20,000 routes; the fix is the compound index the runbook
 * creates. Checked end to end on FerretDB: the index is there, with its fields in the right order.
 */
export default defineDrill({
  id: 'missing-index',
  title: 'Pick routes slow for want of an index',
  summary:
    'Pick-route screens time out: the query for pending task routes, newest first, reads the whole collection. Find it and index it.',
  runbook: 'database-connection-problems',
  needs: ['mongo'],
  async inject(ctx) {
    const stale = (await routes(ctx)).filter((index) => earlierFix(index.key));
    await ctx.mongo(async (session) => {
      for (const index of stale) {
        await session.client.db(DATABASE).collection(COLLECTION).dropIndex(index.name!);
      }
    });
    return {
      params: {},
      briefing: `The WES pick-route screens time out. MongoDB's log shows "slow query" lines on ${DATABASE}.${COLLECTION}: {status: "PENDING"} sorted by createdAt, planSummary COLLSCAN. Make that query fast without taking MongoDB down.`,
    };
  },
  async check(ctx, _given, runs) {
    const indexes = await routes(ctx);
    const good = indexes.find((index) => serves(index.key));
    return {
      resolved: Boolean(good),
      status: good
        ? `${DATABASE}.${COLLECTION} has ${good.name} on ${JSON.stringify(good.key)}: the query reads only the pending routes.`
        : `${DATABASE}.${COLLECTION} has no index led by status then createdAt (indexes: ${indexes.map((index) => index.name).join(', ')}).`,
      mistakes: mistakes(runs),
    };
  },
});

function mistakes(runs: AuditRecord[]): Mistake[] {
  const found: Mistake[] = [];
  for (const run of runs) {
    if (run.outcome !== 'succeeded') continue;
    const input = (run.input ?? {}) as {
      collection?: string;
      keys?: Record<string, unknown>;
      pod?: string;
    };
    if (run.action === 'mongo.createIndex' && input.collection === COLLECTION && input.keys) {
      if (!serves(input.keys)) {
        found.push({
          runId: run.runId,
          message: `mongo.createIndex on ${JSON.stringify(input.keys)}: an index must lead with the equality field (status), then the sort (createdAt), or the query still scans.`,
        });
      }
    }
    const onMongoDb =
      run.action === 'mongo.killOp' ||
      (run.action === 'kubernetes.pod.restart' && JSON.stringify(input).includes('mongodb'));
    if (onMongoDb) {
      found.push({
        runId: run.runId,
        message: `${run.action}: a restart or a kill drops connections and work in flight, and adds no index; the next query is as slow.`,
      });
    }
  }
  return found;
}
