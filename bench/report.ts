import { cpus } from 'node:os';

/** Wall-clock milliseconds of one run of `work`. */
export async function timed(work: () => unknown): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/**
 * Waits until the machine's cores are mostly idle again, at most `maxSeconds`: every server
 * (Runsheet's too) has worked off what the last measurement left it, such as a dev server still
 * recording 10,000 terminates, so the next measurement does not pay for the one before.
 */
export async function settle({ minIdle = 0.85, maxSeconds = 60 } = {}): Promise<void> {
  /** Milliseconds all cores spent idle, and in all, since boot. */
  const idleAndTotal = () => {
    let [idle, total] = [0, 0];
    for (const { times } of cpus()) {
      idle += times.idle;
      total += times.user + times.nice + times.sys + times.idle + times.irq;
    }
    return { idle, total };
  };
  const deadline = performance.now() + maxSeconds * 1000;
  while (performance.now() < deadline) {
    const before = idleAndTotal();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = idleAndTotal();
    if ((after.idle - before.idle) / (after.total - before.total) >= minIdle) return;
  }
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

/** A target and whether this run met it. */
export interface Verdict {
  name: string;
  met: boolean;
}

const spread = (latencies: number[]) =>
  `p50 ${quantile(latencies, 0.5).toFixed(1)} ms · p99 ${quantile(latencies, 0.99).toFixed(1)} ms`;

/** One line per side: rate, spread, errors; then the spread by kind of call. */
function loadLine({ name, calls, errors, seconds, latencies, byCall }: LoadFigures): string {
  return (
    `  ${name}: ${(calls / seconds).toFixed(0)} calls/s (${calls} in ${seconds.toFixed(1)} s) · ${spread(latencies)} · errors ${errors}\n` +
    [...(byCall ?? [])]
      .map(([call, times]) => `      ${call}: ${times.length} · ${spread(times)}\n`)
      .join('')
  );
}

const verdictText = (met: boolean) => (met ? 'met' : 'MISSED');

/** Saturation: the baseline, the candidate, and the candidate's throughput against the target. */
export function printLoad(
  title: string,
  baseline: LoadFigures,
  candidate: LoadFigures,
  { minThroughputRatio }: { minThroughputRatio: number },
): Verdict[] {
  const rate = (figures: LoadFigures) => figures.calls / figures.seconds;
  const ratio = rate(candidate) / rate(baseline);
  const met = ratio >= minThroughputRatio;
  process.stdout.write(
    `\n${title}\n${loadLine(baseline)}${loadLine(candidate)}` +
      `  Runsheet: ${ratio.toFixed(2)}× the baseline's throughput (target ≥ ${minThroughputRatio}×: ${verdictText(met)}) · ` +
      `p50 ${(quantile(candidate.latencies, 0.5) / quantile(baseline.latencies, 0.5)).toFixed(1)}× · ` +
      `p99 ${(quantile(candidate.latencies, 0.99) / quantile(baseline.latencies, 0.99)).toFixed(1)}×\n`,
  );
  return [{ name: `saturation throughput ${ratio.toFixed(2)}× < ${minThroughputRatio}×`, met }];
}

/** Paced load: what Runsheet adds to each call's latency, and its event-loop delay, against targets. */
export function printPaced(
  title: string,
  baseline: LoadFigures,
  candidate: LoadFigures,
  targets: {
    loopDelayP99: number;
    maxAddedP50: number;
    maxAddedP99: number;
    maxLoopDelayP99: number;
  },
): Verdict[] {
  const added = (q: number) => quantile(candidate.latencies, q) - quantile(baseline.latencies, q);
  const [p50, p99] = [added(0.5), added(0.99)];
  const verdicts = [
    {
      name: `paced added p50 ${p50.toFixed(1)} ms > ${targets.maxAddedP50} ms`,
      met: p50 <= targets.maxAddedP50,
    },
    {
      name: `paced added p99 ${p99.toFixed(1)} ms > ${targets.maxAddedP99} ms`,
      met: p99 <= targets.maxAddedP99,
    },
    {
      name: `paced event-loop delay p99 ${targets.loopDelayP99.toFixed(1)} ms > ${targets.maxLoopDelayP99} ms`,
      met: targets.loopDelayP99 <= targets.maxLoopDelayP99,
    },
  ];
  process.stdout.write(
    `\n${title}\n${loadLine(baseline)}${loadLine(candidate)}` +
      `  Runsheet adds p50 ${p50.toFixed(1)} ms (target ≤ ${targets.maxAddedP50}: ${verdictText(verdicts[0]!.met)}) · ` +
      `p99 ${p99.toFixed(1)} ms (target ≤ ${targets.maxAddedP99}: ${verdictText(verdicts[1]!.met)}) · ` +
      `event-loop delay p99 ${targets.loopDelayP99.toFixed(1)} ms (target ≤ ${targets.maxLoopDelayP99}: ${verdictText(verdicts[2]!.met)})\n`,
  );
  return verdicts;
}
