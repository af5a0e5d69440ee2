import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import {
  decodePayloads,
  isoTime,
  pendingActivityState,
  summarizeFailure,
  type FailureSummary,
} from './proto.ts';
import { workflowIdSchema, runIdSchema } from './schemas.ts';

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

export default defineAction({
  id: 'temporal.workflow.describe',
  title: 'Describe workflow',
  summary:
    'Status, type, task queue, times, history size, pending activities and children of one workflow execution.',
  risk: 'read',
  input: z.strictObject({
    workflowId: workflowIdSchema,
    runId: runIdSchema.optional(),
  }),
  async run({ targets, signal }, { workflowId, runId }): Promise<WorkflowDescription> {
    const description = await targets.temporal.call(signal, (client) =>
      client.workflow.getHandle(workflowId, runId).describe(),
    );
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
  },
});
