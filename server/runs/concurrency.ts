import type { Progress } from '../actions/types.ts';

/**
 * Runs `work` over `items` with at most `limit` in flight, in order of the items, stopping early
 * when `signal` aborts. Each item's outcome is kept: one failure does not stop the others.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  work: (item: T) => Promise<R>,
  onSettled: (item: T, outcome: PromiseSettledResult<R>) => void = () => {},
): Promise<PromiseSettledResult<R>[]> {
  const outcomes: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length && !signal.aborted) {
      const index = next++;
      const item = items[index]!;
      try {
        outcomes[index] = { status: 'fulfilled', value: await work(item) };
      } catch (reason) {
        outcomes[index] = { status: 'rejected', reason };
      }
      onSettled(item, outcomes[index]);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return outcomes.filter(Boolean);
}

/**
 * Progress of a run over many items, sent at most every `intervalMs`: how many are done of the
 * total, and the items worth showing (per-item results) that are new since the last report.
 */
export function progressReporter<T>(
  report: (update: Progress) => void,
  total: number,
  intervalMs = 250,
) {
  let done = 0;
  let last = 0;
  let reportedDone = 0;
  const items: T[] = [];
  let reportedItems = 0;
  const send = () => {
    last = Date.now();
    report({ done, total, items: items.slice(reportedItems) });
    [reportedDone, reportedItems] = [done, items.length];
  };
  return {
    /** One item is finished; `item` is shown with the next report when given. */
    settled(item?: T) {
      done += 1;
      if (item !== undefined) items.push(item);
      if (Date.now() - last >= intervalMs) send();
    },
    /** Sends what the interval held back, so the last report is the final count. */
    flush() {
      if (done !== reportedDone || items.length !== reportedItems) send();
    },
  };
}
