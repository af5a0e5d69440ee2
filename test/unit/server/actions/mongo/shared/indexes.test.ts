import { describe, expect, it } from 'vitest';
import {
  defaultIndexName,
  fromJson,
  sameKeys,
  toJson,
} from '../../../../../../server/actions/mongo/shared/indexes.ts';

describe('index helpers', () => {
  it('names an index as MongoDB does', () => {
    expect(defaultIndexName({ status: 1, createdAt: -1 })).toBe('status_1_createdAt_-1');
  });

  it('treats key patterns as equal only with the same fields, order and directions', () => {
    expect(sameKeys({ status: 1, createdAt: -1 }, { status: 1, createdAt: -1 })).toBe(true);
    expect(sameKeys({ status: 1, createdAt: -1 }, { createdAt: -1, status: 1 })).toBe(false);
    expect(sameKeys({ status: 1, createdAt: -1 }, { status: 1, createdAt: 1 })).toBe(false);
    expect(sameKeys({ status: 1 }, { status: 1, createdAt: -1 })).toBe(false);
  });

  it('turns {"$date": …} into a date for the server, and back into the same JSON', () => {
    const filter = { createdAt: { $gte: { $date: '2026-01-01T00:00:00.000Z' } }, priority: 3 };
    const bson = fromJson(filter);
    expect((bson['createdAt'] as { $gte: unknown }).$gte).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(toJson(bson)).toEqual({
      createdAt: { $gte: { $date: '2026-01-01T00:00:00Z' } },
      priority: 3,
    });
    expect(toJson(fromJson({ at: { $date: '2026-01-01T00:00:00Z' } }))).toEqual(
      toJson(fromJson({ at: { $date: '2026-01-01T00:00:00.000Z' } })),
    );
  });
});
