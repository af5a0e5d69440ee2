import type { Client } from '@temporalio/client';
import type { Preview } from '../../types.ts';
import {
  decodePayloads,
  isoTime,
  pendingActivityState,
  summarizeFailure,
  type FailureSummary,
} from './proto.ts';

export interface PendingActivity {
  activityId: string;
  activityType: string;
  state: string;
  attempt: number;
  maximumAttempts: number | null;
  scheduledTime: string | null;
  lastStartedTime: string | null;
  lastHeartbeatTime: string | null;
  heartbeatDetails: unknown[];
  lastFailure: FailureSummary | null;
  lastWorkerIdentity: string | null;
}

export interface PendingChild {
  workflowId: string;
  runId: string;
  workflowType: string;
}

export interface WorkflowDescription {
  workflowId: string;
  runId: string;
  type: string;
  taskQueue: string;
  status: string;
  startTime: string;
  closeTime: string | null;
  historyLength: number;
  historySizeBytes: number | null;
  parent: { workflowId: string; runId: string } | null;
  pendingActivities: PendingActivity[];
  pendingChildren: PendingChild[];
  searchAttributes: Record<string, unknown>;
  memo: Record<string, unknown>;
}

/** Describes one execution as plain JSON: what the describe action returns and previews build on. */
export async function describeExecution(
  client: Client,
  workflowId: string,
  runId?: string,
): Promise<WorkflowDescription> {
  const description = await client.workflow.getHandle(workflowId, runId).describe();
  const raw = description.raw;
  return {
    workflowId: description.workflowId,
    runId: description.runId,
    type: description.type,
    taskQueue: description.taskQueue,
    status: description.status.name,
    startTime: description.startTime.toISOString(),
    closeTime: description.closeTime?.toISOString() ?? null,
    historyLength: description.historyLength,
    historySizeBytes: description.historySize ?? null,
    parent: description.parentExecution
      ? {
          workflowId: description.parentExecution.workflowId ?? '',
          runId: description.parentExecution.runId ?? '',
        }
      : null,
    pendingActivities: (raw.pendingActivities ?? []).map((activity) => ({
      activityId: activity.activityId ?? '',
      activityType: activity.activityType?.name ?? '',
      state: pendingActivityState(activity.state),
      attempt: activity.attempt ?? 0,
      maximumAttempts: activity.maximumAttempts || null,
      scheduledTime: isoTime(activity.scheduledTime),
      lastStartedTime: isoTime(activity.lastStartedTime),
      lastHeartbeatTime: isoTime(activity.lastHeartbeatTime),
      heartbeatDetails: decodePayloads(activity.heartbeatDetails),
      lastFailure: summarizeFailure(activity.lastFailure),
      lastWorkerIdentity: activity.lastWorkerIdentity || null,
    })),
    pendingChildren: (raw.pendingChildren ?? []).map((child) => ({
      workflowId: child.workflowId ?? '',
      runId: child.runId ?? '',
      workflowType: child.workflowTypeName ?? '',
    })),
    searchAttributes: Object.fromEntries(
      description.typedSearchAttributes.getAll().map(({ key, value }) => [key.name, value]),
    ),
    memo: description.memo ?? {},
  };
}

export function isOpen(workflow: WorkflowDescription): boolean {
  return workflow.status === 'RUNNING';
}

/** The preview of an action on one workflow that must still be open; `ifClosed` says why not otherwise. */
export function previewOnOpenWorkflow(
  workflow: WorkflowDescription,
  {
    summary,
    ifClosed,
    warnings = [],
    details,
  }: Pick<Preview, 'summary' | 'warnings' | 'details'> & { ifClosed: string },
): Preview {
  if (!isOpen(workflow)) return { summary, details, blocked: ifClosed };
  const { workflowId, runId, status } = workflow;
  return { summary, details, affected: [{ workflowId, runId, status }], warnings };
}

/** temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW (the proto package's values are CommonJS). */
const WORKFLOW_TASK_QUEUE = 1;
/**
 * A live worker answers the metadata query in milliseconds. With none polling, Temporal holds a
 * query until its deadline: the preview must not hang for the whole RPC timeout on the very
 * workflows one terminates because their worker is gone.
 */
const METADATA_QUERY_MS = 2_000;

/**
 * The signal names the workflow's code declares, from the SDK's built-in metadata query.
 * Undefined when no worker can answer it (none polls the task queue, or an older SDK), so callers
 * can say they could not check.
 */
export async function declaredSignals(
  client: Client,
  { workflowId, runId, taskQueue }: { workflowId: string; runId?: string; taskQueue?: string },
): Promise<string[] | undefined> {
  try {
    if (taskQueue !== undefined && !(await hasWorkflowPollers(client, taskQueue))) return undefined;
    const metadata = (await client.connection.withDeadline(Date.now() + METADATA_QUERY_MS, () =>
      client.workflow.getHandle(workflowId, runId).query('__temporal_workflow_metadata'),
    )) as { definition?: { signalDefinitions?: { name?: string }[] } };
    return (metadata.definition?.signalDefinitions ?? []).flatMap((signal) =>
      signal.name ? [signal.name] : [],
    );
  } catch {
    return undefined;
  }
}

async function hasWorkflowPollers(client: Client, taskQueue: string): Promise<boolean> {
  const { pollers } = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue },
    taskQueueType: WORKFLOW_TASK_QUEUE,
  });
  return (pollers ?? []).length > 0;
}
