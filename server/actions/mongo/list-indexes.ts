import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { requireCollection } from './shared/collections.ts';
import { listIndexes, type IndexInfo } from './shared/indexes.ts';
import { namespace } from './shared/names.ts';

export interface ListIndexesResult {
  namespace: string;
  indexes: IndexInfo[];
}

export default defineAction({
  id: 'mongo.listIndexes',
  title: 'List indexes',
  summary: 'The indexes of one collection: name, fields and directions, unique, partial filter.',
  risk: 'read',
  input: z.strictObject({ ...namespace }),
  run: (ctx, { database, collection }): Promise<ListIndexesResult> =>
    ctx.targets.mongo.call(ctx, async (session) => {
      await requireCollection(session, database, collection);
      return {
        namespace: `${database}.${collection}`,
        indexes: await listIndexes(session, database, collection),
      };
    }),
});
