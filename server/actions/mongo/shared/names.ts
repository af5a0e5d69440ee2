import { z } from 'zod';

/**
 * Names and keys a person types into a MongoDB step. They go into commands as database,
 * collection and field names, so they are held to a strict shape: no `$` (operators), no
 * MongoDB-internal databases or `system.*` collections, nothing a command would read as syntax.
 */

/** MongoDB's own databases: users, roles, the oplog, sharding metadata. Runbooks never act on them. */
const RESERVED_DATABASES = new Set(['admin', 'local', 'config']);

export const databaseSchema = z
  .string()
  .trim()
  .min(1, { message: 'enter a database name', abort: true })
  .max(63, 'a database name has at most 63 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'a database name has letters, digits, _ and - only, e.g. wes_db')
  .refine(
    (name) => !RESERVED_DATABASES.has(name.toLowerCase()),
    'admin, local and config are MongoDB’s own databases: Runsheet does not act on them',
  )
  .describe('Database, e.g. wes_db');

export const collectionSchema = z
  .string()
  .trim()
  .min(1, { message: 'enter a collection name', abort: true })
  .max(120, 'a collection name has at most 120 characters')
  .regex(
    /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/,
    'a collection name starts with a letter or _ and has letters, digits, _, - and single dots only, e.g. task_routes',
  )
  .refine(
    (name) => !name.toLowerCase().startsWith('system.'),
    'system.* collections belong to MongoDB: Runsheet does not act on them',
  )
  .describe('Collection, e.g. task_routes');

/**
 * A document field path, e.g. `createdAt` or `lines.sku`. The first part starts with a letter or _,
 * which also keeps the key order of an index: JavaScript would move integer-like keys to the front.
 */
export const fieldPathSchema = z
  .string()
  .max(200, 'a field path has at most 200 characters')
  .regex(
    /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/,
    'a field path is names separated by dots (e.g. status or lines.sku): letters, digits, _ and -, starting with a letter or _; no $',
  );

/** 1 ascending, -1 descending: the index kinds every MongoDB-compatible server supports. */
export const directionSchema = z.union([z.literal(1), z.literal(-1)], {
  error: 'an index direction is 1 (ascending) or -1 (descending)',
});

export const indexKeysSchema = z
  .record(fieldPathSchema, directionSchema)
  .refine((keys) => Object.keys(keys).length > 0, 'give at least one field, e.g. {"status": 1}')
  .refine((keys) => Object.keys(keys).length <= 8, 'an index here has at most 8 fields')
  .describe('Fields and directions, in order, e.g. {"status": 1, "createdAt": -1}');

export type IndexKeys = z.output<typeof indexKeysSchema>;

export const indexNameSchema = z
  .string()
  .trim()
  .min(1, { message: 'enter an index name, or leave it out for the default', abort: true })
  .max(127, 'an index name has at most 127 characters')
  .regex(/^[A-Za-z0-9_.-]+$/, 'an index name has letters, digits, _, . and - only')
  .refine((name) => name !== '_id_', '_id_ is the name of the built-in _id index')
  .describe('Index name; defaults to the fields and directions, e.g. status_1_createdAt_-1');

/**
 * A value in a partial filter: a scalar, or `{"$date": "2026-01-01T00:00:00Z"}` for a date (MongoDB
 * Extended JSON). It stays JSON until the command is built, so the audit trail records it as typed.
 */
const filterValueSchema = z.union([
  z.string().max(200),
  z.number(),
  z.boolean(),
  z.null(),
  z.strictObject({ $date: z.iso.datetime({ offset: true }) }),
]);

/** What a partial index filter may use (MongoDB's own list, minus $and/$or/$in). */
const filterOperatorsSchema = z
  .strictObject({
    $eq: filterValueSchema.optional(),
    $gt: filterValueSchema.optional(),
    $gte: filterValueSchema.optional(),
    $lt: filterValueSchema.optional(),
    $lte: filterValueSchema.optional(),
    $exists: z.literal(true).optional(),
    $type: z
      .string()
      .regex(/^[a-zA-Z]+$/)
      .optional(),
  })
  .refine((ops) => Object.keys(ops).length > 0, {
    message: 'give an operator, e.g. {"$exists": true}',
    when: (payload) => payload.issues.length === 0,
  });

export const partialFilterSchema = z
  .record(fieldPathSchema, z.union([filterValueSchema, filterOperatorsSchema]))
  .refine((filter) => Object.keys(filter).length > 0, 'give at least one field')
  .refine((filter) => Object.keys(filter).length <= 8, 'a partial filter here has at most 8 fields')
  .describe(
    'Only index documents that match, e.g. {"status": "PENDING"} or {"createdAt": {"$gte": {"$date": "2026-01-01T00:00:00Z"}}}',
  );

/** An operation id as `$currentOp` shows it: a number, or `shard:number` on a sharded cluster. */
const OP_ID_MESSAGE = 'an operation id is a number, or shard:number';

export const opIdSchema = z
  .union(
    [
      z
        .number()
        .int(OP_ID_MESSAGE)
        .min(0, OP_ID_MESSAGE)
        .max(Number.MAX_SAFE_INTEGER, OP_ID_MESSAGE),
      z
        .string()
        .trim()
        .regex(/^([A-Za-z0-9_.-]+:)?\d{1,15}$/, OP_ID_MESSAGE)
        // "12345" from a form field is the number 12345: killOp wants the type $currentOp showed.
        .transform((id) => (/^\d+$/.test(id) ? Number(id) : id)),
    ],
    { error: OP_ID_MESSAGE },
  )
  .describe('Operation id (opid) from mongo.currentOp, e.g. 12345');

/** A database and one of its collections: the namespace most mongo actions work on. */
export const namespace = {
  database: databaseSchema,
  collection: collectionSchema,
};
