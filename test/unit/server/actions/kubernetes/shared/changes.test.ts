import { describe, expect, it } from 'vitest';
import {
  changesBetween,
  describeChange,
} from '../../../../../../server/actions/kubernetes/shared/changes.ts';
import {
  interleave,
  timeKey,
  type LogLine,
} from '../../../../../../server/actions/kubernetes/shared/logs.ts';

describe('previews show changes field by field', () => {
  it('names list items by their name and shows from → to', () => {
    const before = {
      containers: [{ name: 'worker', image: 'w:1.4.2', resources: { limits: { memory: '2Gi' } } }],
    };
    const after = {
      containers: [
        { name: 'worker', image: 'w:1.4.1', resources: { limits: { memory: '4Gi', cpu: '2' } } },
      ],
    };
    expect(changesBetween(before, after, 'template').map(describeChange)).toEqual([
      'template.containers[worker].image: w:1.4.2 → w:1.4.1',
      'template.containers[worker].resources.limits.cpu: (none) → 2',
      'template.containers[worker].resources.limits.memory: 2Gi → 4Gi',
    ]);
  });

  it('finds nothing between equal objects', () => {
    expect(changesBetween({ spec: { replicas: 3 } }, { spec: { replicas: 3 } })).toEqual([]);
  });
});

describe('log lines of several pods interleave by time', () => {
  const line = (pod: string, time: string | null, text: string): LogLine => ({
    pod,
    container: 'c',
    time,
    text,
  });

  it('orders RFC 3339 times whatever their precision or offset', () => {
    expect(timeKey('2026-01-04T10:00:00.1Z') > timeKey('2026-01-04T10:00:00.12Z')).toBe(false);
    expect(timeKey('2026-01-04T11:00:00+01:00')).toBe(timeKey('2026-01-04T10:00:00Z'));
  });

  it('merges pods by time, keeping each pod’s order for lines of the same time or none', () => {
    const a = [
      line('a', '2026-01-04T10:00:01Z', 'a1'),
      line('a', null, 'a1 continued'),
      line('a', '2026-01-04T10:00:03Z', 'a2'),
    ];
    const b = [line('b', '2026-01-04T10:00:00Z', 'b1'), line('b', '2026-01-04T10:00:02Z', 'b2')];
    expect(interleave([a, b]).map((l) => l.text)).toEqual(['b1', 'a1', 'a1 continued', 'b2', 'a2']);
  });
});
