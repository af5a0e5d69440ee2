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
