/** Wall-clock milliseconds of one run of `work`. */
export async function timed(work: () => unknown): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export interface Comparison {
  name: string;
  /** The way it is done without Runsheet, measured in the same run. */
  baseline: number;
  candidate: number;
}

/** One line per comparison: both times and how many times faster Runsheet is. */
export function printTable(title: string, rows: Comparison[]): void {
  process.stdout.write(`\n${title}\n`);
  for (const { name, baseline, candidate } of rows) {
    const ratio = baseline / candidate;
    process.stdout.write(
      `  ${name}\n    baseline ${(baseline / 1000).toFixed(2)} s · Runsheet ${(candidate / 1000).toFixed(2)} s · ${ratio.toFixed(1)}× faster\n`,
    );
  }
}

export interface Figure {
  name: string;
  /** The same figure without what is measured, from the same run. */
  baseline: number;
  candidate: number;
  /** The candidate must stay at or under this. */
  budget?: number;
}

/** One line per figure in kilobytes: the baseline, the candidate, what it adds, and its budget. */
export function printSizes(title: string, rows: Figure[]): void {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  process.stdout.write(`\n${title}\n`);
  for (const { name, baseline, candidate, budget } of rows) {
    const verdict =
      budget === undefined
        ? ''
        : ` · budget ${kb(budget)}: ${candidate <= budget ? 'within' : 'OVER'}`;
    process.stdout.write(
      `  ${name}\n    baseline ${kb(baseline)} · Runsheet ${kb(candidate)} · +${kb(candidate - baseline)} (${(candidate / baseline).toFixed(2)}×)${verdict}\n`,
    );
  }
}

export interface LoadFigures {
  name: string;
  /** Calls that answered as expected. */
  calls: number;
  errors: number;
  seconds: number;
  /** Latencies in milliseconds, any order. */
  latencies: number[];
  /** The same latencies by kind of call, to show where the time goes. */
  byCall?: Map<string, number[]>;
}

/** The q-quantile (0–1) of `values`, nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Throughput and latency under load: the baseline, the candidate, and the candidate's cost. */
export function printLoad(title: string, baseline: LoadFigures, candidate: LoadFigures): void {
  const spread = (latencies: number[]) =>
    `p50 ${quantile(latencies, 0.5).toFixed(1)} ms · p99 ${quantile(latencies, 0.99).toFixed(1)} ms`;
  const line = ({ name, calls, errors, seconds, latencies, byCall }: LoadFigures) =>
    `  ${name}: ${(calls / seconds).toFixed(0)} calls/s (${calls} in ${seconds.toFixed(1)} s) · ${spread(latencies)} · errors ${errors}\n` +
    [...(byCall ?? [])]
      .map(([call, times]) => `      ${call}: ${times.length} · ${spread(times)}\n`)
      .join('');
  const rate = (figures: LoadFigures) => figures.calls / figures.seconds;
  process.stdout.write(
    `\n${title}\n${line(baseline)}${line(candidate)}` +
      `  Runsheet: ${(rate(candidate) / rate(baseline)).toFixed(2)}× the baseline's throughput · ` +
      `p50 ${(quantile(candidate.latencies, 0.5) / quantile(baseline.latencies, 0.5)).toFixed(1)}× · ` +
      `p99 ${(quantile(candidate.latencies, 0.99) / quantile(baseline.latencies, 0.99)).toFixed(1)}×\n`,
  );
}
