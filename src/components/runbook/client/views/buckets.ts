export interface Bucket {
  /** From (inclusive) and to (exclusive, except the last), in the samples' unit. */
  from: number;
  to: number;
  count: number;
}

/** 1, 2 or 5 times a power of ten: bucket widths people can read off an axis. */
export function niceStep(rough: number): number {
  if (!(rough > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const scaled = rough / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}

/**
 * A histogram of samples in at most `most` buckets of one round width, from the first bucket that
 * holds the smallest sample to the one that holds the largest. No samples, no buckets.
 */
export function bucketize(samples: readonly number[], most = 12): Bucket[] {
  if (samples.length === 0) return [];
  const min = Math.min(...samples);
  const max = Math.max(...samples);
  const wanted = Math.max(1, Math.min(most, Math.ceil(Math.sqrt(samples.length)) + 1));
  let step = niceStep((max - min) / wanted);
  let start = Math.floor(min / step) * step;
  while (Math.floor((max - start) / step) + 1 > most) {
    step = niceStep(step * 1.5);
    start = Math.floor(min / step) * step;
  }
  const count = Math.floor((max - start) / step) + 1;
  const buckets = Array.from({ length: count }, (_, index) => ({
    from: start + index * step,
    to: start + (index + 1) * step,
    count: 0,
  }));
  for (const sample of samples) {
    buckets[Math.min(count - 1, Math.floor((sample - start) / step))]!.count++;
  }
  return buckets;
}

/** The nearest-rank percentile (p in 0–100) of the samples, or null with none. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}
