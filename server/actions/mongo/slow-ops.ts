import type { Document } from 'mongodb';
import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { collectionSchema, databaseSchema } from './shared/names.ts';
import { numberOrNull } from './shared/numbers.ts';
import { commandShape } from './shared/query-shape.ts';

export interface SlowOp {
  at: string | null;
  op: string | null;
  ns: string | null;
  durationMs: number | null;
  planSummary: string | null;
  keysExamined: number | null;
  docsExamined: number | null;
  returned: number | null;
  client: string | null;
  appName: string | null;
  /** The command with every value replaced by "?". */
  command: Document | null;
  /** Set when the numbers point at a fix, e.g. a collection scan that reads far more than it returns. */
  suggestion: string | null;
}

export interface SlowOpsResult {
  database: string;
  profiler: { level: number | null; slowMs: number | null };
  ops: SlowOp[];
  /** Said when the list may be incomplete, e.g. because the profiler is off. */
  notice: string | null;
}

const input = z.strictObject({
  database: databaseSchema,
  collection: collectionSchema.optional(),
  minMillis: z.coerce
    .number()
    .int()
    .min(0)
    .max(3_600_000)
    .default(100)
    .describe('Only operations that took at least this long, in ms'),
  sinceMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_080)
    .default(60)
    .describe('How far back to look, in minutes'),
  limit: z.coerce.number().int().min(1).max(200).default(20).describe('At most this many'),
});

export default defineAction({
  id: 'mongo.slowOps',
  title: 'Slow operations',
  summary:
    'Recent operations slower than a threshold, from the database profiler (system.profile), newest first, with plan, documents examined and the query shape.',
  risk: 'read',
  input,
  run: (ctx, { database, collection, minMillis, sinceMinutes, limit }): Promise<SlowOpsResult> =>
    ctx.targets.mongo.call(ctx, async (session) => {
      // `profile: -1` reads the profiler settings without changing them.
      const settings = await session.command(database, { profile: -1 }, 'the database profiler');
      const level = numberOrNull(settings['was']);
      const slowMs = numberOrNull(settings['slowms']);
      const filter: Document = {
        millis: { $gte: minMillis },
        ts: { $gte: new Date(Date.now() - sinceMinutes * 60_000) },
        ...(collection ? { ns: `${database}.${collection}` } : {}),
      };
      const entries = await session.client
        .db(database)
        .collection('system.profile')
        .find(filter, {
          sort: { ts: -1 },
          limit,
          maxTimeMS: session.maxTimeMS,
          signal: session.signal,
        })
        .toArray();
      return {
        database,
        profiler: { level, slowMs },
        ops: entries.map(toSlowOp),
        notice: notice(database, level, slowMs, minMillis),
      };
    }),
});

function toSlowOp(entry: Document): SlowOp {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const docsExamined = numberOrNull(entry['docsExamined']);
  const returned = numberOrNull(entry['nreturned']);
  const planSummary = text(entry['planSummary']);
  const scanned =
    planSummary?.startsWith('COLLSCAN') &&
    docsExamined !== null &&
    docsExamined > 10 * Math.max(returned ?? 0, 1);
  return {
    at: entry['ts'] instanceof Date ? entry['ts'].toISOString() : null,
    op: text(entry['op']),
    ns: text(entry['ns']),
    durationMs: numberOrNull(entry['millis']),
    planSummary,
    keysExamined: numberOrNull(entry['keysExamined']),
    docsExamined,
    returned,
    client: text(entry['client']),
    appName: text(entry['appName']),
    command: commandShape(
      entry['op'] === 'getmore' ? entry['originatingCommand'] : entry['command'],
    ),
    suggestion: scanned
      ? `A collection scan read ${docsExamined} documents to return ${returned ?? 0}: an index on the fields it filters and sorts on would help (mongo.createIndex).`
      : null,
  };
}

function notice(
  database: string,
  level: number | null,
  slowMs: number | null,
  minMillis: number,
): string | null {
  if (level === 0) {
    return `The profiler is off on ${database} (level 0): no new slow operations are being recorded. Turn it on with db.setProfilingLevel(1, { slowms: 100 }) while you investigate.`;
  }
  if (level === 1 && slowMs !== null && minMillis < slowMs) {
    return `The profiler records only operations slower than ${slowMs} ms on ${database}: faster ones are not in this list.`;
  }
  return null;
}
