import type {
  LogLine,
  LogsResult,
  Progress,
  RolloutStatusResult,
  WorkflowDescription,
  WorkflowListItem,
} from '../../../../../server/actions/results.ts';
import { h } from '../dom.ts';
import { jsonTreeView } from './json-tree.ts';
import { latencyChartView } from './latency-chart.ts';
import { listView, workflowColumns } from './lists.ts';
import { logViewer, logsView } from './logs.ts';
import { batchView, progressView, rolloutView, scanView } from './progress.ts';
import { tableView } from './table.ts';
import { timelineView, type HistoryResult } from './timeline.ts';
import { workflowDescriptionView } from './workflow-description.ts';

type Input = Record<string, unknown>;
type View = (result: never, input: Input) => HTMLElement | undefined;

/** The view for each action's result, by action id. */
const views: Record<string, View> = {
  'temporal.workflow.describe': (result: WorkflowDescription) => workflowDescriptionView(result),
  // The timeline for readable events; the CLI's JSON export falls through to the tree.
  'temporal.workflow.history': (result: HistoryResult) =>
    Array.isArray(result.events) ? timelineView(result) : undefined,
  'temporal.workflow.list': (result: { workflows: WorkflowListItem[] }) =>
    h(
      'div',
      {},
      latencyChartView(result.workflows),
      tableView('Workflows', workflowColumns, result.workflows),
    ),
  'kubernetes.pods.logs': (result: LogsResult, input) => logsView(result, grepOf(input)),
  'temporal.batch.terminate': batchView,
  'temporal.batch.cancel': batchView,
  'temporal.batch.signal': batchView,
  'temporal.workflow.historyScan': scanView,
  'kubernetes.deployment.rolloutStatus': (result: RolloutStatusResult) => rolloutView(result),
};

/**
 * A result's view: the action's own, else a sortable table when the result is one list of records
 * (pods, operations, indexes…), else the JSON tree.
 */
export function viewFor(action: string, result: unknown, input: Input = {}): HTMLElement {
  const view = views[action] as
    ((result: unknown, input: Input) => HTMLElement | undefined) | undefined;
  return view?.(result, input) ?? listView(action, result) ?? jsonTreeView(result);
}

export interface LiveView {
  element: HTMLElement;
  update(progress: Progress): void;
}

/** What shows while a run streams progress: new log lines as they come, or a filling bar. */
export function liveViewFor(action: string, input: Input, label: string): LiveView {
  if (action === 'kubernetes.pods.logs') {
    const viewer = logViewer(grepOf(input));
    return {
      element: viewer.element,
      update: (progress) => viewer.append((progress.items ?? []) as LogLine[]),
    };
  }
  return progressView(label);
}

function grepOf(input: Input) {
  const grep = input['grep'] as
    { pattern: string; ignoreCase?: boolean; invert?: boolean } | undefined;
  return grep
    ? { pattern: grep.pattern, ignoreCase: grep.ignoreCase ?? false, invert: grep.invert ?? false }
    : undefined;
}
