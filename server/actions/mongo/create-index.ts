import { isDeepStrictEqual } from 'node:util';
import type { Document } from 'mongodb';
import { z } from 'zod';
import { ActionError } from '../../errors.ts';
import type { MongoSession } from '../../targets/mongo.ts';
import { defineAction, type ActionContext } from '../define-action.ts';
import type { Preview } from '../types.ts';
import { requireCollection } from './shared/collections.ts';
import {
  defaultIndexName,
  fromJson,
  listIndexes,
  sameKeys,
  toJson,
  type IndexInfo,
} from './shared/indexes.ts';
import {
  indexKeysSchema,
  indexNameSchema,
  namespace,
  partialFilterSchema,
} from './shared/names.ts';

const input = z.strictObject({
  ...namespace,
  keys: indexKeysSchema,
  name: indexNameSchema.optional(),
  unique: z.boolean().default(false).describe('Refuse two documents with the same values'),
  partialFilterExpression: partialFilterSchema.optional(),
});
type Input = z.output<typeof input>;

/** An index build reads the whole collection; it may take far longer than a diagnostic command. */
const INDEX_BUILD_TIMEOUT_MS = 15 * 60_000;

interface Plan {
  namespace: string;
  spec: Document;
  existing: IndexInfo[];
  /** An index with the same keys and options: creating this one would change nothing. */
  equivalent: IndexInfo | undefined;
  /** Why the index cannot be created as asked. */
  conflict: string | undefined;
}

async function plan(
  session: MongoSession,
  { database, collection, keys, name, unique, partialFilterExpression }: Input,
): Promise<Plan> {
  await requireCollection(session, database, collection);
  const existing = await listIndexes(session, database, collection);
  const indexName = name ?? defaultIndexName(keys);
  const spec: Document = {
    key: keys,
    name: indexName,
    ...(unique ? { unique: true } : {}),
    ...(partialFilterExpression ? { partialFilterExpression } : {}),
  };
  const ns = `${database}.${collection}`;
  // Both sides as the server would store them: "2026-01-01T00:00:00Z" and ".000Z" are one date.
  const wanted = partialFilterExpression ? toJson(fromJson(partialFilterExpression)) : undefined;
  const sameOptions = (index: IndexInfo) =>
    index.unique === unique &&
    isDeepStrictEqual(index.partialFilterExpression ?? undefined, wanted);
  const equivalent = existing.find((index) => sameKeys(index.keys, keys) && sameOptions(index));
  let conflict: string | undefined;
  if (!equivalent) {
    const sameKeysOtherOptions = existing.find((index) => sameKeys(index.keys, keys));
    const sameName = existing.find((index) => index.name === indexName);
    if (sameKeysOtherOptions) {
      conflict = `Index ${sameKeysOtherOptions.name} on ${ns} already has these keys with other options (${describeIndex(sameKeysOtherOptions)}): MongoDB keeps one index per key pattern, so that one would have to be dropped first.`;
    } else if (sameName) {
      conflict = `An index named ${indexName} already exists on ${ns} with other keys (${describeIndex(sameName)}): give this one another name.`;
    }
  }
  return { namespace: ns, spec, existing, equivalent, conflict };
}

function describeIndex(index: IndexInfo): string {
  const keys = Object.entries(index.keys)
    .map(([field, direction]) => `${field}: ${String(direction)}`)
    .join(', ');
  const options = [
    index.unique ? 'unique' : null,
    index.partialFilterExpression
      ? `partial ${JSON.stringify(index.partialFilterExpression)}`
      : null,
  ].filter(Boolean);
  return [`{ ${keys} }`, ...options].join(', ');
}

async function preview(ctx: ActionContext, request: Input): Promise<Preview> {
  return ctx.targets.mongo.call(ctx, async (session) => {
    const { namespace: ns, spec, existing, equivalent, conflict } = await plan(session, request);
    const details = {
      request: { createIndexes: request.collection, indexes: [spec] },
      existing,
      equivalent: equivalent?.name ?? null,
    };
    if (equivalent) {
      return {
        summary: `Create index ${String(spec['name'])} on ${ns}: nothing to do, ${equivalent.name} already exists with these keys`,
        warnings: [
          `An equivalent index ${equivalent.name} (${describeIndex(equivalent)}) already exists: running this changes nothing.`,
        ],
        details,
      };
    }
    // `count` without a query answers from the collection's metadata: cheap on any size.
    const counted = await session.command(request.database, { count: request.collection });
    const documents = Number(counted['n'] ?? 0);
    return {
      summary: `Create index ${String(spec['name'])} { ${Object.entries(request.keys)
        .map(([field, direction]) => `${field}: ${direction}`)
        .join(', ')} }${request.unique ? ' (unique)' : ''} on ${ns}`,
      affected: [{ namespace: ns, documents }],
      ...(conflict ? { blocked: conflict } : {}),
      warnings: [
        `The build reads all ${documents} documents of ${ns}; on a busy primary, prefer a quiet moment.`,
        ...(request.unique
          ? ['A unique index fails to build if two documents already share the same values.']
          : []),
      ],
      details,
    };
  });
}

export default defineAction({
  id: 'mongo.createIndex',
  title: 'Create index',
  summary:
    'Creates an index on one collection, e.g. {status: 1, createdAt: -1} on wes_db.task_routes; a no-op when an equivalent one exists.',
  risk: 'write',
  input,
  preview,
  run: (ctx, request) =>
    ctx.targets.mongo.call(
      ctx,
      async (session) => {
        const { namespace: ns, spec, equivalent, conflict } = await plan(session, request);
        if (equivalent) {
          return {
            created: false,
            namespace: ns,
            name: equivalent.name,
            message: `Index ${equivalent.name} already exists on ${ns} with these keys and options: nothing was changed.`,
          };
        }
        if (conflict) throw new ActionError('precondition_failed', conflict);
        const started = performance.now();
        await session.command(
          request.database,
          { createIndexes: request.collection, indexes: [fromJson(spec)] },
          request.partialFilterExpression ? 'a partial index (partialFilterExpression)' : undefined,
        );
        return {
          created: true,
          namespace: ns,
          name: String(spec['name']),
          message: `Created index ${String(spec['name'])} on ${ns}.`,
          durationMs: Math.round(performance.now() - started),
        };
      },
      { timeoutMs: INDEX_BUILD_TIMEOUT_MS },
    ),
});
