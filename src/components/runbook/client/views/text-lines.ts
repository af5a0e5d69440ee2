import type {
  LogsResult,
  PodSummary,
  WorkflowListItem,
} from '../../../../../server/actions/results.ts';
import type { HistoryResult } from './timeline.ts';

/** `RUNNING` → `Running`, as the temporal CLI prints statuses. */
const titleCase = (status: string) =>
  status
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
const capitalize = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);
const columns = (cells: (string | number)[]) => cells.join('  ');

/**
 * A result as the lines the command-line tool would print, near enough for the step's filters
 * (`| grep -A5 …`, `| head -20`, `| awk …`) to find what the runbook's author meant them to find.
 */
const printers: Record<string, (result: never) => string[]> = {
  'temporal.workflow.history': (result: HistoryResult & { history?: unknown }) => {
    if (!result.events) return json(result.history ?? result);
    return [
      columns(['ID', 'Time', 'Type']),
      ...result.events.flatMap((event) => [
        columns([event.eventId, event.eventTime, event.eventType]),
        ...Object.entries((event.attributes ?? {}) as Record<string, unknown>).map(
          ([key, value]) => `    ${capitalize(key)}  ${JSON.stringify(value)}`,
        ),
      ]),
      `Total Events: ${result.totalEvents}`,
    ];
  },
  'temporal.workflow.list': (result: { workflows: WorkflowListItem[] }) => [
    columns(['Status', 'WorkflowId', 'Type', 'StartTime']),
    ...result.workflows.map((workflow) =>
      columns([
        titleCase(workflow.status),
        workflow.workflowId,
        workflow.type,
        workflow.startTime ?? '',
      ]),
    ),
  ],
  'kubernetes.pods.logs': (result: LogsResult) =>
    result.lines.flatMap((line) => (line.gap ? ['--', line.text] : [line.text])),
  'kubernetes.pods.list': (result: { pods: PodSummary[] }) => [
    columns(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']),
    ...result.pods.map((pod) => columns([pod.name, pod.ready, pod.status, pod.restarts, pod.age])),
  ],
};

export function textLines(action: string, result: unknown): string[] {
  const printer = printers[action] as ((result: unknown) => string[]) | undefined;
  return printer ? printer(result) : json(result);
}

function json(value: unknown): string[] {
  return JSON.stringify(value, null, 2).split('\n');
}
