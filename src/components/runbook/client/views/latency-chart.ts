import type { WorkflowListItem } from '../../../../../server/actions/results.ts';
import { h, svg } from '../dom.ts';
import { bucketize, percentile } from './buckets.ts';

const WIDTH = 560;
const HEIGHT = 180;
const PAD = { top: 12, right: 12, bottom: 36, left: 40 };

/** Completion time of each closed workflow, in seconds. */
export function completionSeconds(workflows: readonly WorkflowListItem[]): number[] {
  return workflows
    .filter((workflow) => workflow.startTime && workflow.closeTime)
    .map((workflow) => (Date.parse(workflow.closeTime!) - Date.parse(workflow.startTime!)) / 1000)
    .filter((seconds) => Number.isFinite(seconds) && seconds >= 0);
}

const seconds = (value: number) =>
  value >= 100 ? `${Math.round(value)} s` : `${Number(value.toPrecision(2))} s`;

/**
 * How long the listed workflows took to complete, as a histogram in inline SVG (no chart library),
 * with the median and the 95th percentile. Undefined when none of them has closed.
 */
export function latencyChartView(workflows: readonly WorkflowListItem[]): HTMLElement | undefined {
  const samples = completionSeconds(workflows);
  if (samples.length === 0) return undefined;
  const buckets = bucketize(samples);
  const p50 = percentile(samples, 50)!;
  const p95 = percentile(samples, 95)!;
  const tallest = Math.max(...buckets.map((bucket) => bucket.count));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const barWidth = plotWidth / buckets.length;
  const y = (count: number) => PAD.top + plotHeight - (count / tallest) * plotHeight;
  const summary = `Completion times of ${samples.length} closed workflow${samples.length === 1 ? '' : 's'}: median ${seconds(p50)}, 95th percentile ${seconds(p95)}, slowest ${seconds(Math.max(...samples))}.`;
  const labelEvery = Math.ceil(buckets.length / 6);
  const chart = svg(
    'svg',
    {
      class: 'rs-chart',
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: 'img',
      'aria-label': summary,
    },
    svg('title', {}, summary),
    // Axes.
    svg('line', {
      x1: PAD.left,
      y1: PAD.top + plotHeight,
      x2: WIDTH - PAD.right,
      y2: PAD.top + plotHeight,
      class: 'rs-chart-axis',
    }),
    svg('line', {
      x1: PAD.left,
      y1: PAD.top,
      x2: PAD.left,
      y2: PAD.top + plotHeight,
      class: 'rs-chart-axis',
    }),
    svg(
      'text',
      { x: PAD.left - 6, y: PAD.top + 4, 'text-anchor': 'end', class: 'rs-chart-label' },
      tallest,
    ),
    svg(
      'text',
      { x: PAD.left - 6, y: PAD.top + plotHeight, 'text-anchor': 'end', class: 'rs-chart-label' },
      0,
    ),
    buckets.flatMap((bucket, index) => {
      const x = PAD.left + index * barWidth;
      return [
        svg(
          'rect',
          {
            x: x + 1,
            y: y(bucket.count),
            width: Math.max(1, barWidth - 2),
            height: PAD.top + plotHeight - y(bucket.count),
            class: bucket.from >= p95 ? 'rs-chart-bar rs-chart-slow' : 'rs-chart-bar',
          },
          svg('title', {}, `${seconds(bucket.from)}–${seconds(bucket.to)}: ${bucket.count}`),
        ),
        index % labelEvery === 0
          ? svg(
              'text',
              { x, y: HEIGHT - PAD.bottom + 16, class: 'rs-chart-label' },
              seconds(bucket.from),
            )
          : null,
      ];
    }),
    svg(
      'text',
      {
        x: PAD.left + plotWidth / 2,
        y: HEIGHT - 4,
        'text-anchor': 'middle',
        class: 'rs-chart-label',
      },
      'completion time → (workflows per bucket ↑)',
    ),
  );
  return h('figure', { class: 'rs-figure' }, chart, h('figcaption', { class: 'rs-note' }, summary));
}
