import type {
  HistorySize,
  IndexInfo,
  Operation,
  PodEvent,
  PodSummary,
  PodUsage,
  ServiceSummary,
  SlowOp,
  WorkflowListItem,
} from '../../../../../server/actions/results.ts';
import { h, time } from '../dom.ts';
import { columnsOf, tableView, type Column } from './table.ts';

const code = (text: string | null) => (text ? h('code', {}, text) : '—');
const json = (value: unknown) => (value ? h('code', {}, JSON.stringify(value)) : '—');
const percent = (share: number | null) => (share === null ? null : Math.round(share * 100));
const ms = (start: string | null, end: string | null) =>
  start && end ? Date.parse(end) - Date.parse(start) : null;

export const workflowColumns: Column<WorkflowListItem>[] = [
  { label: 'Workflow ID', value: (w) => w.workflowId, cell: (w) => code(w.workflowId) },
  { label: 'Type', value: (w) => w.type },
  { label: 'Status', value: (w) => w.status },
  { label: 'Started', value: (w) => w.startTime, cell: (w) => time(w.startTime) },
  { label: 'Closed', value: (w) => w.closeTime, cell: (w) => time(w.closeTime) },
  {
    label: 'Took (s)',
    value: (w) => ms(w.startTime, w.closeTime),
    cell: (w) => {
      const took = ms(w.startTime, w.closeTime);
      return took === null ? '—' : (took / 1000).toFixed(1);
    },
    numeric: true,
  },
  { label: 'Events', value: (w) => w.historyLength, numeric: true },
];

const namespaceColumn: Column<{ namespace: string }> = {
  label: 'Namespace',
  value: (row) => row.namespace,
};

const podColumns: Column<PodSummary>[] = [
  { label: 'Name', value: (p) => p.name, cell: (p) => code(p.name) },
  { label: 'Ready', value: (p) => p.ready },
  { label: 'Status', value: (p) => p.status },
  { label: 'Restarts', value: (p) => p.restarts, numeric: true },
  { label: 'Age', value: (p) => p.ageSeconds, cell: (p) => p.age, numeric: true },
  {
    label: 'Last stopped',
    value: (p) => p.lastTermination?.reason ?? null,
    cell: (p) =>
      p.lastTermination
        ? `${p.lastTermination.reason ?? 'exit'} (${p.lastTermination.exitCode})`
        : '—',
  },
  { label: 'Node', value: (p) => p.node },
];

const usageColumns: Column<PodUsage>[] = [
  { label: 'Name', value: (p) => p.name, cell: (p) => code(p.name) },
  { label: 'CPU', value: (p) => p.cpuCores, cell: (p) => p.cpu, numeric: true },
  { label: 'CPU % of limit', value: (p) => percent(p.cpuOfLimit), numeric: true },
  { label: 'Memory', value: (p) => p.memoryBytes, cell: (p) => p.memory, numeric: true },
  { label: 'Memory % of limit', value: (p) => percent(p.memoryOfLimit), numeric: true },
];

const serviceColumns: Column<ServiceSummary>[] = [
  { label: 'Name', value: (s) => s.name, cell: (s) => code(s.name) },
  { label: 'Type', value: (s) => s.type },
  { label: 'Cluster IP', value: (s) => s.clusterIP },
  {
    label: 'Ports',
    value: (s) => s.ports.map((port) => `${port.port}/${port.protocol}`).join(', '),
  },
  { label: 'Ready endpoints', value: (s) => s.endpoints.ready, numeric: true },
  { label: 'Age', value: (s) => s.age },
];

const eventColumns: Column<PodEvent>[] = [
  { label: 'Type', value: (e) => e.type },
  { label: 'Reason', value: (e) => e.reason },
  { label: 'Message', value: (e) => e.message },
  { label: 'Count', value: (e) => e.count, numeric: true },
  { label: 'Last seen', value: (e) => e.lastSeen, cell: (e) => time(e.lastSeen) },
];

const operationColumns: Column<Operation>[] = [
  { label: 'Op ID', value: (o) => String(o.opid) },
  { label: 'Op', value: (o) => o.op },
  { label: 'Namespace', value: (o) => o.ns },
  { label: 'Running (ms)', value: (o) => o.runningMs, numeric: true },
  { label: 'Client', value: (o) => o.client },
  { label: 'Plan', value: (o) => o.planSummary },
  { label: 'Command', value: (o) => JSON.stringify(o.command), cell: (o) => json(o.command) },
];

const slowOpColumns: Column<SlowOp>[] = [
  { label: 'At', value: (o) => o.at, cell: (o) => time(o.at) },
  { label: 'Op', value: (o) => o.op },
  { label: 'Namespace', value: (o) => o.ns },
  { label: 'Took (ms)', value: (o) => o.durationMs, numeric: true },
  { label: 'Plan', value: (o) => o.planSummary },
  { label: 'Docs examined', value: (o) => o.docsExamined, numeric: true },
  { label: 'Returned', value: (o) => o.returned, numeric: true },
  { label: 'Suggestion', value: (o) => o.suggestion },
];

const indexColumns: Column<IndexInfo>[] = [
  { label: 'Name', value: (i) => i.name, cell: (i) => code(i.name) },
  { label: 'Keys', value: (i) => JSON.stringify(i.keys), cell: (i) => json(i.keys) },
  { label: 'Unique', value: (i) => (i.unique ? 'yes' : '') },
  { label: 'Partial filter', value: (i) => JSON.stringify(i.partialFilterExpression) },
];

export const historySizeColumns: Column<HistorySize>[] = [
  { label: 'Workflow ID', value: (s) => s.workflowId, cell: (s) => code(s.workflowId) },
  { label: 'Events', value: (s) => s.historyLength, numeric: true },
  { label: 'Bytes', value: (s) => s.historySizeBytes, numeric: true },
  { label: '% of limit', value: (s) => s.percentOfLimit, numeric: true },
];

/** Which field of an action's result holds its list, and how to show it. */
const lists: Record<string, { field: string; caption: string; columns: Column<never>[] }> = {
  'kubernetes.pods.list': { field: 'pods', caption: 'Pods', columns: podColumns },
  'kubernetes.pods.top': { field: 'pods', caption: 'Pod usage', columns: usageColumns },
  'kubernetes.services.list': { field: 'services', caption: 'Services', columns: serviceColumns },
  'kubernetes.pod.events': { field: 'events', caption: 'Events', columns: eventColumns },
  'mongo.currentOp': { field: 'operations', caption: 'Operations', columns: operationColumns },
  'mongo.slowOps': { field: 'ops', caption: 'Slow operations', columns: slowOpColumns },
  'mongo.listIndexes': { field: 'indexes', caption: 'Indexes', columns: indexColumns },
};

/** A sortable table of the list an action answers with; undefined when the result holds none. */
export function listView(action: string, result: unknown): HTMLElement | undefined {
  if (!result || typeof result !== 'object') return undefined;
  const record = result as Record<string, unknown>;
  const known = lists[action];
  if (known && Array.isArray(record[known.field])) {
    // Every namespace (kubectl -A): kubectl's NAMESPACE column first.
    const columns = (
      record['namespace'] === null ? [namespaceColumn, ...known.columns] : known.columns
    ) as Column<unknown>[];
    return tableView(known.caption, columns, record[known.field] as unknown[]);
  }
  // Any other result with one list of records (deployments, replica sets, task routes…).
  const candidates = Object.entries(record).filter(
    ([, value]) =>
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((item) => item && typeof item === 'object' && !Array.isArray(item)),
  );
  if (candidates.length !== 1) return undefined;
  const [field, rows] = candidates[0]! as [string, Record<string, unknown>[]];
  const columns = columnsOf(rows);
  return columns.length ? tableView(field, columns, rows) : undefined;
}
