import type {
  HistorySize,
  Progress,
  RolloutStatusResult,
} from '../../../../../server/actions/results.ts';
import { h, type Child } from '../dom.ts';
import { historySizeColumns } from './lists.ts';
import { tableView } from './table.ts';

/** Per-item results show the newest this many while a run goes. */
const ITEMS_SHOWN = 200;

export interface ProgressView {
  element: HTMLElement;
  update(progress: Progress): void;
}

interface ItemOutcome {
  workflowId: string;
  runId?: string;
  ok?: boolean;
  error?: string;
}

/** A bar that fills as a batch goes (done of total), its latest message, and each item's result. */
export function progressView(label: string): ProgressView {
  const bar = h('progress', { class: 'rs-progress', 'aria-label': label });
  const figure = h('span', { class: 'rs-progress-figure' });
  const message = h('p', { class: 'rs-note' });
  const items = h('ol', { class: 'rs-items', 'aria-label': 'Results so far' });
  const element = h(
    'section',
    { class: 'rs-card rs-progress-card', 'aria-label': label },
    h('div', { class: 'rs-progress-row' }, bar, figure),
    message,
    items,
  );
  return {
    element,
    update({ done, total, message: text, items: newItems }) {
      if (total !== undefined) bar.max = Math.max(total, 1);
      if (done !== undefined) bar.value = done;
      if (done !== undefined && total !== undefined) {
        figure.textContent = `${done} of ${total}`;
        element.dataset['done'] = String(done);
        element.dataset['total'] = String(total);
      }
      if (text) message.textContent = text;
      for (const item of newItems ?? []) items.append(itemRow(item));
      while (items.children.length > ITEMS_SHOWN) items.firstElementChild!.remove();
    },
  };
}

function itemRow(item: unknown): HTMLElement {
  const record = (item ?? {}) as Partial<ItemOutcome & HistorySize>;
  if (typeof record.historyLength === 'number') {
    return h(
      'li',
      {},
      h('code', {}, record.workflowId ?? ''),
      ` ${record.historyLength.toLocaleString()} events (${record.percentOfLimit}% of the limit)`,
    );
  }
  if (typeof record.ok === 'boolean') {
    return h(
      'li',
      { class: record.ok ? undefined : 'rs-failure' },
      record.ok ? '✓ ' : '✗ ',
      h('code', {}, record.workflowId ?? ''),
      record.error ? `: ${record.error}` : '',
    );
  }
  return h('li', {}, h('code', {}, JSON.stringify(item)));
}

/** A finished bar: `done` of `total`, in one tone. */
function finishedBar(label: string, done: number, total: number, tone: string): Child {
  const bar = h('progress', { class: `rs-progress rs-progress-${tone}`, 'aria-label': label });
  bar.max = Math.max(total, 1);
  bar.value = done;
  return h(
    'div',
    { class: 'rs-progress-row' },
    bar,
    h('span', { class: 'rs-progress-figure' }, `${done} of ${total}`),
  );
}

interface BatchResult {
  operation?: 'terminate' | 'cancel' | 'signal';
  engine?: 'client' | 'server';
  jobId?: string | null;
  query: string;
  matched: number;
  succeeded: { workflowId: string; runId: string }[];
  succeededCount?: number;
  failed: ItemOutcome[];
  failedCount?: number;
  notAttempted: { workflowId: string; runId: string }[];
}

const DONE_WORD = { terminate: 'terminated', cancel: 'asked to cancel', signal: 'signalled' };
const DONE_TITLE = { terminate: 'Terminated', cancel: 'Asked to cancel', signal: 'Signalled' };

/**
 * A finished batch (terminate, cancel, signal): how many of the matches it did, and each one that
 * failed. A Temporal batch job reports counts only: it names its job instead of each workflow.
 */
export function batchView(result: BatchResult): HTMLElement {
  const operation = result.operation ?? 'terminate';
  const succeeded = result.succeededCount ?? result.succeeded.length;
  const failed = result.failedCount ?? result.failed.length;
  const notAttempted = Math.max(0, result.matched - succeeded - failed);
  return h(
    'section',
    { class: 'rs-card', 'aria-label': 'Batch results' },
    finishedBar(
      `Workflows ${DONE_WORD[operation]}`,
      succeeded + failed,
      result.matched,
      failed ? 'bad' : 'ok',
    ),
    h(
      'p',
      {},
      `${succeeded} ${DONE_WORD[operation]}, ${failed} failed, ${notAttempted} not attempted, of ${result.matched} matching `,
      h('code', {}, result.query),
      '.',
    ),
    result.engine === 'server' && result.jobId
      ? h(
          'p',
          { class: 'rs-note' },
          'Done by Temporal batch job ',
          h('code', {}, result.jobId),
          '.',
        )
      : '',
    tableView(
      'Failed',
      [
        { label: 'Workflow ID', value: (item: ItemOutcome) => item.workflowId },
        { label: 'Error', value: (item: ItemOutcome) => item.error },
      ],
      result.failed,
    ),
    tableView(
      DONE_TITLE[operation],
      [{ label: 'Workflow ID', value: (item) => item.workflowId }],
      result.succeeded,
    ),
  );
}

interface ScanResult {
  workflowType: string;
  threshold: number;
  scanned: number;
  failed: number;
  truncated: boolean;
  over: HistorySize[];
  largest: HistorySize[];
}

/** `temporal.workflow.historyScan`, finished: the histories past the threshold, then the largest. */
export function scanView(result: ScanResult): HTMLElement {
  return h(
    'section',
    { class: 'rs-card', 'aria-label': 'History scan' },
    finishedBar(
      'Workflows scanned',
      result.scanned,
      result.scanned + result.failed,
      result.over.length ? 'warn' : 'ok',
    ),
    h(
      'p',
      {},
      `${result.over.length} of ${result.scanned} running ${result.workflowType} workflows have ${result.threshold.toLocaleString()} events or more`,
      result.failed ? `; ${result.failed} could not be described` : '',
      result.truncated ? '; the scan stopped at its maximum' : '',
      '.',
    ),
    tableView(
      `At or over ${result.threshold.toLocaleString()} events`,
      historySizeColumns,
      result.over,
    ),
    tableView('Largest histories', historySizeColumns, result.largest),
  );
}

const rolloutTone = { complete: 'ok', failed: 'bad', timed_out: 'warn' } as const;

/** `kubernetes.deployment.rolloutStatus`, finished: available of desired replicas, and the verdict. */
export function rolloutView(result: RolloutStatusResult): HTMLElement {
  return h(
    'section',
    { class: 'rs-card', 'aria-label': `Rollout of ${result.deployment}` },
    finishedBar(
      'Replicas available',
      result.available,
      result.replicas,
      rolloutTone[result.outcome],
    ),
    h(
      'p',
      {},
      h(
        'span',
        { class: `rs-badge rs-tone-${rolloutTone[result.outcome]}` },
        result.outcome.replace('_', ' '),
      ),
      ` ${result.message} (${result.updated} updated, ${result.old} old; waited ${(result.waitedMs / 1000).toFixed(1)} s)`,
    ),
  );
}
