import { describe, expect, it } from 'vitest';
import { sortRows } from '../../../../../../../src/components/runbook/client/views/sort.ts';

describe('sortRows', () => {
  const pods = [
    { name: 'worker-10', restarts: 3 },
    { name: 'worker-9', restarts: null },
    { name: 'Worker-2', restarts: 12 },
    { name: 'worker-1', restarts: 3 },
  ];

  it('orders numbers by size and keeps equal rows in their order', () => {
    expect(sortRows(pods, (pod) => pod.restarts, 'ascending').map((pod) => pod.name)).toEqual([
      'worker-10',
      'worker-1',
      'Worker-2',
      'worker-9',
    ]);
  });

  it('orders text as people read it (2 before 10, any case) and reverses', () => {
    expect(sortRows(pods, (pod) => pod.name, 'ascending').map((pod) => pod.name)).toEqual([
      'worker-1',
      'Worker-2',
      'worker-9',
      'worker-10',
    ]);
    expect(sortRows(pods, (pod) => pod.name, 'descending').map((pod) => pod.name)).toEqual([
      'worker-10',
      'worker-9',
      'Worker-2',
      'worker-1',
    ]);
  });

  it('puts empty values last in both directions', () => {
    expect(sortRows(pods, (pod) => pod.restarts, 'descending').map((pod) => pod.restarts)).toEqual([
      12,
      3,
      3,
      null,
    ]);
  });

  it('leaves the input alone', () => {
    const before = [...pods];
    sortRows(pods, (pod) => pod.name, 'ascending');
    expect(pods).toEqual(before);
  });
});
