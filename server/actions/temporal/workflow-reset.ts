import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import Long from 'long';
import { z } from 'zod';
import { ActionError } from '../../errors.ts';
import { defineAction, type ActionContext } from '../define-action.ts';
import type { Preview } from '../types.ts';
import { fetchHistoryJson, readableEvent, type HistoryEvent } from './shared/history.ts';
import { execution } from './shared/schemas.ts';
import { describeExecution } from './shared/workflow.ts';

const input = z
  .strictObject({
    ...execution,
    to: z
      .enum(['lastWorkflowTask', 'firstWorkflowTask', 'eventId'])
      .default('lastWorkflowTask')
      .describe('Where to reset to: the last or first completed workflow task, or a chosen event'),
    eventId: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('With to=eventId: a WorkflowTaskCompleted event ID from the history'),
  })
  .refine((reset) => (reset.to === 'eventId') === (reset.eventId !== undefined), {
    message: 'give eventId exactly when to is eventId',
    path: ['eventId'],
  });
type Input = z.output<typeof input>;

const RESET_POINT_TYPES = new Set([
  'WorkflowTaskCompleted',
  'WorkflowTaskFailed',
  'WorkflowTaskTimedOut',
]);

/** The workflow task a reset goes back to, and what happened after it (what will be redone). */
async function plan(client: Client, { workflowId, runId, to, eventId }: Input) {
  const workflow = await describeExecution(client, workflowId, runId);
  const events = (await fetchHistoryJson(client, workflowId, workflow.runId)).events.map(
    readableEvent,
  );
  const completed = events.filter((event) => event.eventType === 'WorkflowTaskCompleted');
  const point =
    to === 'firstWorkflowTask'
      ? completed[0]
      : to === 'lastWorkflowTask'
        ? completed.at(-1)
        : events.find((e) => e.eventId === eventId);
  return { workflow, events, completed, point };
}

function problem(
  { point, completed }: Awaited<ReturnType<typeof plan>>,
  { to, eventId }: Input,
): string | undefined {
  if (!point) {
    return to === 'eventId'
      ? `There is no event ${eventId} in this history.`
      : 'This workflow has no completed workflow task to reset to.';
  }
  if (!RESET_POINT_TYPES.has(point.eventType)) {
    const candidates = completed.map((event) => event.eventId).join(', ');
    return `Event ${point.eventId} is ${point.eventType}; a reset point must be a WorkflowTaskCompleted event (here: ${candidates}).`;
  }
  return undefined;
}

async function preview(ctx: ActionContext, request: Input): Promise<Preview> {
  return ctx.targets.temporal.call(ctx, async (client) => {
    const planned = await plan(client, request);
    const { workflow, events, completed, point } = planned;
    const summary = `Reset ${workflow.workflowId} (${workflow.type}, ${workflow.status}) to event ${point?.eventId ?? '?'}, starting a new run from there`;
    const redone = point ? events.filter((event) => event.eventId > point.eventId) : [];
    return {
      summary,
      count: redone.length,
      affected: redone.slice(0, 20).map(({ eventId, eventType }) => ({ eventId, eventType })),
      details: { resetPoints: completed.map(nextStepAfter(events)) },
      warnings: [
        workflow.status === 'RUNNING'
          ? 'The current run is terminated and replaced by the new one.'
          : `The ${workflow.status} run stays as it is; the new run continues from the reset point.`,
        'Activities after the reset point run again: make sure they are safe to repeat.',
      ],
      ...(problem(planned, request) ? { blocked: problem(planned, request)! } : {}),
    };
  });
}

/** Each reset point with what the workflow did next (e.g. `ActivityTaskScheduled ConfirmInventoryPick`). */
function nextStepAfter(events: HistoryEvent[]) {
  return (point: HistoryEvent) => {
    const next = events.find(
      (event) => event.eventId > point.eventId && !event.eventType.startsWith('WorkflowTask'),
    );
    const activity = (next?.attributes as { activityType?: { name?: string } } | undefined)
      ?.activityType?.name;
    return {
      eventId: point.eventId,
      eventTime: point.eventTime,
      then: next ? [next.eventType, activity].filter(Boolean).join(' ') : null,
    };
  };
}

export default defineAction({
  id: 'temporal.workflow.reset',
  title: 'Reset workflow',
  summary:
    'Starts a new run of a workflow from an earlier workflow task (the last, the first, or a chosen event), replaying its history up to there; signals after it are reapplied.',
  risk: 'destructive',
  input,
  preview,
  run: (ctx, request) =>
    ctx.targets.temporal.call(ctx, async (client) => {
      const planned = await plan(client, request);
      const blocked = problem(planned, request);
      if (blocked) throw new ActionError('precondition_failed', blocked);
      const { workflow, point } = planned;
      const response = await client.workflowService.resetWorkflowExecution({
        namespace: client.options.namespace,
        workflowExecution: { workflowId: workflow.workflowId, runId: workflow.runId },
        reason: `${ctx.reason} (by ${ctx.actor.id} through Runsheet)`,
        workflowTaskFinishEventId: Long.fromNumber(point!.eventId),
        requestId: randomUUID(),
        identity: client.options.identity,
      });
      return {
        workflowId: workflow.workflowId,
        fromRunId: workflow.runId,
        resetToEventId: point!.eventId,
        newRunId: response.runId ?? '',
      };
    }),
});
