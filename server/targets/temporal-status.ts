/** Temporal's workflow statuses by name: what error messages and the actions' results show. */

// Mirrors temporal.api.enums.v1.WorkflowExecutionStatus.
const workflowStatuses = [
  'UNSPECIFIED',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELED',
  'TERMINATED',
  'CONTINUED_AS_NEW',
  'TIMED_OUT',
];

export function workflowStatusName(value: number | null | undefined): string {
  return workflowStatuses[value ?? 0] ?? `UNKNOWN(${value})`;
}
