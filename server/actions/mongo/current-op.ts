import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { collectionSchema, databaseSchema } from './shared/names.ts';
import { escapeRegex, listOperations, OP_TYPES, type Operation } from './shared/operations.ts';

export interface CurrentOpResult {
  server: string;
  operations: Operation[];
  /** True when `limit` cut the list short. */
  truncated: boolean;
}

const input = z
  .strictObject({
    minSecondsRunning: z.coerce
      .number()
      .min(0)
      .max(86_400)
      .default(0)
      .describe('Only operations running at least this long, in seconds, e.g. 10'),
    database: databaseSchema.optional(),
    collection: collectionSchema
      .optional()
      .describe('Collection (with database), e.g. task_routes'),
    opType: z.enum(OP_TYPES).optional().describe('Only this kind of operation, e.g. query'),
    limit: z.coerce.number().int().min(1).max(500).default(50).describe('At most this many'),
  })
  .refine((value) => !value.collection || value.database, {
    message: 'give the database of the collection too',
    path: ['database'],
  });

export default defineAction({
  id: 'mongo.currentOp',
  title: 'Current operations',
  summary:
    'Operations running now, longest first: client, duration, plan and the query shape (field names and operators, never values).',
  risk: 'read',
  input,
  run: (
    ctx,
    { minSecondsRunning, database, collection, opType, limit },
  ): Promise<CurrentOpResult> =>
    ctx.targets.mongo.call(ctx, async (session) => {
      const match: Record<string, unknown> = {};
      if (minSecondsRunning > 0) match['microsecs_running'] = { $gte: minSecondsRunning * 1e6 };
      if (database && collection) match['ns'] = `${database}.${collection}`;
      else if (database) match['ns'] = { $regex: `^${escapeRegex(database)}\\.` };
      if (opType) match['op'] = opType;
      const operations = await listOperations(session, match, limit + 1);
      return {
        server: session.server.label,
        operations: operations.slice(0, limit),
        truncated: operations.length > limit,
      };
    }),
});
