import type { Document } from 'mongodb';
import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { requireCollection } from './shared/collections.ts';
import { namespace } from './shared/names.ts';
import { numberOrNull } from './shared/numbers.ts';

export interface CollStats {
  namespace: string;
  documents: number | null;
  /** Uncompressed size of the documents. */
  sizeBytes: number | null;
  averageDocumentBytes: number | null;
  /** Space on disk. */
  storageBytes: number | null;
  indexes: number | null;
  totalIndexBytes: number | null;
  indexBytes: Record<string, number>;
  capped: boolean;
}

export default defineAction({
  id: 'mongo.collStats',
  title: 'Collection statistics',
  summary:
    'Document count, data and storage size, and the size of each index of one collection (via $collStats).',
  risk: 'read',
  input: z.strictObject({ ...namespace }),
  run: (ctx, { database, collection }): Promise<CollStats> =>
    ctx.targets.mongo.call(ctx, async (session) => {
      await requireCollection(session, database, collection);
      // The $collStats stage replaces the collStats command, deprecated since MongoDB 6.2.
      const answer = await session.command(
        database,
        {
          aggregate: collection,
          pipeline: [{ $collStats: { storageStats: {} } }],
          cursor: {},
          maxTimeMS: session.maxTimeMS,
        },
        '$collStats',
      );
      const [stats] =
        (answer['cursor'] as { firstBatch?: Document[] } | undefined)?.firstBatch ?? [];
      const storage = stats?.['storageStats'] as Document | undefined;
      if (!storage) {
        throw session.notSupported('$collStats', 'its answer has no storageStats section.');
      }
      const indexSizes = (storage['indexSizes'] ?? {}) as Record<string, unknown>;
      return {
        namespace: `${database}.${collection}`,
        documents: numberOrNull(storage['count']),
        sizeBytes: numberOrNull(storage['size']),
        averageDocumentBytes: numberOrNull(storage['avgObjSize']),
        storageBytes: numberOrNull(storage['storageSize']),
        indexes: numberOrNull(storage['nindexes']),
        totalIndexBytes: numberOrNull(storage['totalIndexSize']),
        indexBytes: Object.fromEntries(
          Object.entries(indexSizes).map(([name, size]) => [name, numberOrNull(size) ?? 0]),
        ),
        capped: storage['capped'] === true,
      };
    }),
});
