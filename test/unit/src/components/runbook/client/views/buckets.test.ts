import { describe, expect, it } from 'vitest';
import {
  bucketize,
  niceStep,
  percentile,
} from '../../../../../../../src/components/runbook/client/views/buckets.ts';

describe('completion-time buckets', () => {
  it('picks round bucket widths', () => {
    expect([0.7, 1, 1.3, 3, 7, 42, 180].map(niceStep)).toEqual([1, 1, 2, 5, 10, 50, 200]);
    expect(niceStep(0)).toBe(1);
  });

  it('counts every sample once, in round buckets from the smallest to the largest', () => {
    const samples = [1.2, 1.9, 2.5, 3.1, 3.3, 3.8, 4.4, 9.7];
    const buckets = bucketize(samples);
    expect(buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(samples.length);
    expect(buckets[0]!.from).toBeLessThanOrEqual(1.2);
    expect(buckets.at(-1)!.to).toBeGreaterThan(9.7);
    const width = buckets[0]!.to - buckets[0]!.from;
    expect(buckets.every((bucket) => Math.abs(bucket.to - bucket.from - width) < 1e-9)).toBe(true);
    expect(niceStep(width)).toBeCloseTo(width);
  });

  it('keeps to the most buckets asked for, even for a long tail', () => {
    const samples = [...Array.from({ length: 200 }, (_, i) => 1 + (i % 10) / 10), 600];
    const buckets = bucketize(samples, 12);
    expect(buckets.length).toBeLessThanOrEqual(12);
    expect(buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(201);
    expect(buckets.at(-1)!.count).toBe(1);
  });

  it('has one bucket for identical samples and none for no samples', () => {
    expect(bucketize([5, 5, 5])).toEqual([{ from: 5, to: 6, count: 3 }]);
    expect(bucketize([])).toEqual([]);
  });

  it('reads percentiles by nearest rank', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 95)).toBe(10);
    expect(percentile([], 50)).toBeNull();
  });
});
