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
