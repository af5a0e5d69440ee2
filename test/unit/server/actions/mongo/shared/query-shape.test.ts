import { Binary, Long, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { commandShape } from '../../../../../../server/actions/mongo/shared/query-shape.ts';

describe('commandShape', () => {
  it('keeps the command, collection, fields, operators and sort directions; hides every value', () => {
    expect(
      commandShape({
        find: 'task_routes',
        filter: {
          status: 'PENDING',
          createdAt: { $gte: new Date('2026-01-01') },
          orderId: { $in: ['ORD-1', 'ORD-2', 'ORD-3'] },
          _id: new ObjectId(),
        },
        sort: { createdAt: -1 },
        projection: { routeId: 1, _id: 0 },
        limit: 10,
        $db: 'wes_db',
        lsid: { id: new Binary(Buffer.from('0123456789abcdef')) },
      }),
    ).toEqual({
      find: 'task_routes',
      filter: { status: '?', createdAt: { $gte: '?' }, orderId: { $in: ['?'] }, _id: '?' },
      sort: { createdAt: -1 },
      projection: { routeId: 1, _id: 0 },
      limit: '?',
    });
  });

  it('shapes aggregation pipelines stage by stage', () => {
    expect(
      commandShape({
        aggregate: 'task_routes',
        pipeline: [
          { $match: { warehouseId: 'WH-1', priority: { $gt: 3 } } },
          { $sort: { createdAt: -1 } },
          { $group: { _id: '$zone', n: { $sum: 1 } } },
          { $limit: 5 },
        ],
        cursor: {},
      }),
    ).toEqual({
      aggregate: 'task_routes',
      pipeline: [
        { $match: { warehouseId: '?', priority: { $gt: '?' } } },
        { $sort: { createdAt: -1 } },
        { $group: { _id: '?', n: { $sum: '?' } } },
        { $limit: '?' },
      ],
      cursor: {},
    });
  });

  it('never shows credentials of authentication and user commands', () => {
    const shapes = [
      commandShape({ createUser: 'alice', pwd: 's3cret-Pa55', roles: ['readWrite'] }),
      commandShape({
        saslStart: 1,
        mechanism: 'SCRAM-SHA-256',
        payload: new Binary(Buffer.from('n,,n=alice,r=abc')),
      }),
      commandShape({ updateUser: 'alice', pwd: 's3cret-Pa55' }),
    ];
    const text = JSON.stringify(shapes);
    expect(text).not.toContain('alice');
    expect(text).not.toContain('s3cret-Pa55');
    expect(shapes[0]).toEqual({ createUser: '?', pwd: '?', roles: ['?'] });
  });

  it('shows updates and inserts as field names only', () => {
    expect(
      commandShape({
        update: 'task_routes',
        updates: [
          { q: { routeId: 'RT-1' }, u: { $set: { status: 'DONE', assignee: 'picker-7' } } },
        ],
      }),
    ).toEqual({
      update: 'task_routes',
      updates: [{ q: { routeId: '?' }, u: { $set: { status: '?', assignee: '?' } } }],
    });
    expect(
      commandShape({ getMore: Long.fromNumber(123456789), collection: 'task_routes' }),
    ).toEqual({ getMore: '?', collection: '?' });
  });

  it('bounds depth and width', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 20; i += 1) deep = { nested: deep };
    const shape = JSON.stringify(commandShape({ find: 'x', filter: deep }));
    expect(shape).toContain('"…"');
    const wide = commandShape({
      find: 'x',
      filter: { $or: Array.from({ length: 50 }, (_, i) => ({ [`f${i}`]: i })) },
    });
    expect((wide!['filter'] as { $or: unknown[] }).$or).toHaveLength(21);
  });

  it('answers null for something that is not a command document', () => {
    expect(commandShape(undefined)).toBeNull();
    expect(commandShape('find')).toBeNull();
  });
});
