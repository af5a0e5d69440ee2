import { describe, expect, it } from 'vitest';
import type { Progress } from '../../../../server/actions/types.ts';
import { progressReporter } from '../../../../server/runs/concurrency.ts';

describe('progressReporter', () => {
  it('reports at once, holds back within the interval, and ends on the final count with every item once', () => {
    const reports: Progress[] = [];
    const progress = progressReporter<string>((update) => reports.push(update), 4, 60_000);
    progress.settled('a');
    progress.settled();
    progress.settled('c');
    progress.settled();
    progress.flush();
    progress.flush();
    expect(reports).toEqual([
      { done: 1, total: 4, items: ['a'] },
      { done: 4, total: 4, items: ['c'] },
    ]);
  });
});
