import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  collectionSchema,
  databaseSchema,
  indexKeysSchema,
  indexNameSchema,
  opIdSchema,
  partialFilterSchema,
} from '../../../../../../server/actions/mongo/shared/names.ts';
import { formatIssues } from '../../../../../../server/validation.ts';

/** The one-line message a person sees for `value`, or "ok". */
function verdict(schema: z.ZodType, value: unknown): string {
  const parsed = schema.safeParse(value);
  return parsed.success ? 'ok' : formatIssues(parsed.error.issues);
}

const FIELD_PATH =
  'a field path is names separated by dots (e.g. status or lines.sku): letters, digits, _ and -, starting with a letter or _; no $';

describe('database names', () => {
  it.each(['wes_db', 'WES-staging', 'db1'])('accepts %s', (name) => {
    expect(verdict(databaseSchema, name)).toBe('ok');
  });

  it.each(['admin', 'local', 'config', 'Admin', 'CONFIG'])(
    'refuses MongoDB’s own database %s, whatever its case',
    (name) => {
      expect(verdict(databaseSchema, name)).toBe(
        'admin, local and config are MongoDB’s own databases: Runsheet does not act on them',
      );
    },
  );

  it.each(['wes.db', 'wes$db', '$cmd', 'wes db', 'a/b', 'x'.repeat(64)])('refuses %s', (name) => {
    expect(verdict(databaseSchema, name)).not.toBe('ok');
  });

  it('says what a database name may hold', () => {
    expect(verdict(databaseSchema, 'wes$db')).toBe(
      'a database name has letters, digits, _ and - only, e.g. wes_db',
    );
    expect(verdict(databaseSchema, ' ')).toBe('enter a database name');
    expect(verdict(collectionSchema, '')).toBe('enter a collection name');
  });
});

describe('collection names', () => {
  it.each(['task_routes', 'orders.archive', '_tmp', 'Routes-2026'])('accepts %s', (name) => {
    expect(verdict(collectionSchema, name)).toBe('ok');
  });

  it.each(['system.users', 'system.profile', 'System.indexes'])(
    'refuses the system collection %s',
    (name) => {
      expect(verdict(collectionSchema, name)).toBe(
        'system.* collections belong to MongoDB: Runsheet does not act on them',
      );
    },
  );

  it.each(['$cmd', 'task$routes', 'a..b', '.routes', 'routes.', '1routes', 'a b', 'x'.repeat(121)])(
    'refuses %s',
    (name) => {
      expect(verdict(collectionSchema, name)).not.toBe('ok');
    },
  );

  it('says what a collection name may hold', () => {
    expect(verdict(collectionSchema, '$cmd')).toBe(
      'a collection name starts with a letter or _ and has letters, digits, _, - and single dots only, e.g. task_routes',
    );
  });
});

describe('index keys', () => {
  it('accepts the runbook’s compound key and keeps its order', () => {
    const parsed = indexKeysSchema.parse({ status: 1, createdAt: -1 });
    expect(Object.entries(parsed)).toEqual([
      ['status', 1],
      ['createdAt', -1],
    ]);
  });

  it('accepts nested field paths', () => {
    expect(verdict(indexKeysSchema, { 'stops.sku': 1, 'stops.0.location': -1 })).toBe('ok');
  });

  it.each([
    [{ $where: 1 }, `$where: ${FIELD_PATH}`],
    [{ 'status.$**': 1 }, `status.$**: ${FIELD_PATH}`],
    [{ 'a.$b': 1 }, `a.$b: ${FIELD_PATH}`],
    [{ '': 1 }, FIELD_PATH],
    [{ 'a..b': 1 }, `a..b: ${FIELD_PATH}`],
    [{ '1st': 1 }, `1st: ${FIELD_PATH}`],
  ])('refuses the field name in %j', (keys, message) => {
    expect(verdict(indexKeysSchema, keys)).toBe(message);
  });

  it.each([[{ status: 'text' }], [{ status: 'hashed' }], [{ status: 2 }], [{ status: 0 }]])(
    'refuses the direction in %j',
    (keys) => {
      expect(verdict(indexKeysSchema, keys)).toBe(
        'status: an index direction is 1 (ascending) or -1 (descending)',
      );
    },
  );

  it('wants one to eight fields', () => {
    expect(verdict(indexKeysSchema, {})).toBe('give at least one field, e.g. {"status": 1}');
    const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`f${i}`, 1]));
    expect(verdict(indexKeysSchema, nine)).toBe('an index here has at most 8 fields');
  });
});

describe('index names', () => {
  it('accepts the default-style name', () => {
    expect(verdict(indexNameSchema, 'status_1_createdAt_-1')).toBe('ok');
  });

  it('refuses the _id index’s name and anything with $ or spaces', () => {
    expect(verdict(indexNameSchema, '_id_')).toBe('_id_ is the name of the built-in _id index');
    expect(verdict(indexNameSchema, 'by$status')).toBe(
      'an index name has letters, digits, _, . and - only',
    );
    expect(verdict(indexNameSchema, 'by status')).not.toBe('ok');
  });
});

describe('partial index filters', () => {
  it('accepts equality, comparisons, $exists and dates', () => {
    const parsed = partialFilterSchema.parse({
      status: 'PENDING',
      priority: { $gte: 3 },
      assignee: { $exists: true },
      createdAt: { $gte: { $date: '2026-01-01T00:00:00Z' } },
    });
    expect(parsed['createdAt']).toEqual({ $gte: { $date: '2026-01-01T00:00:00Z' } });
    expect(verdict(partialFilterSchema, { createdAt: { $gte: { $date: 'yesterday' } } })).not.toBe(
      'ok',
    );
  });

  it.each([
    [{ status: { $where: 'sleep(1000)' } }, 'status: Unrecognized key: "$where"'],
    [{ status: { $regex: '.*' } }, 'status: Unrecognized key: "$regex"'],
    [{ $or: [{ status: 'PENDING' }] }, `$or: ${FIELD_PATH}`],
    [{ $expr: { $gt: ['$a', 1] } }, `$expr: ${FIELD_PATH}`],
    [{ status: {} }, 'status: give an operator, e.g. {"$exists": true}'],
  ])('refuses operators a partial index does not take: %j', (filter, message) => {
    expect(verdict(partialFilterSchema, filter)).toBe(message);
  });
});

describe('operation ids', () => {
  it('takes a number, a numeric string as that number, or shard:number', () => {
    expect(opIdSchema.parse(12345)).toBe(12345);
    expect(opIdSchema.parse('12345')).toBe(12345);
    expect(opIdSchema.parse('shard01:12345')).toBe('shard01:12345');
  });

  it.each(['abc', -1, 1.5, '12; db.dropDatabase()', { $gt: 0 }])('refuses %j', (opid) => {
    expect(verdict(opIdSchema, opid)).toBe('an operation id is a number, or shard:number');
  });
});
