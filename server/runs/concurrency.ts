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

/** Calls `report` at most every `intervalMs` on `tick()`; `flush()` sends what a skipped tick held back. */
export function throttle(intervalMs: number, report: () => void) {
  let last = 0;
  let pending = false;
  const send = () => {
    last = Date.now();
    pending = false;
    report();
  };
  return {
    tick() {
      pending = true;
      if (Date.now() - last >= intervalMs) send();
    },
    flush() {
      if (pending) send();
    },
  };
}
