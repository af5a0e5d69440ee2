import type { Client } from '@temporalio/client';

/** `ExecutionStatus="Running"` narrowed by the person's own query, which stays in parentheses. */
export function runningMatching(query: string): string {
  return query ? `ExecutionStatus="Running" AND (${query})` : 'ExecutionStatus="Running"';
}

/** Workflow IDs and run IDs matching a visibility query, at most `max` of them. */
export async function listExecutions(client: Client, query: string, max: number) {
  const found: { workflowId: string; runId: string }[] = [];
  for await (const info of client.workflow.list({ query, pageSize: Math.min(max, 1000) })) {
    found.push({ workflowId: info.workflowId, runId: info.runId });
    if (found.length >= max) break;
  }
  return found;
}
