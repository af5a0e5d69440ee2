import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { defineAction, type ActionContext } from '../define-action.ts';
import type { Preview } from '../types.ts';
import { jsonArgumentSchema, nameSchema, workflowIdSchema } from './shared/schemas.ts';
import { describeExecution, isOpen } from './shared/workflow.ts';

const input = z.strictObject({
  taskQueue: nameSchema('task queue', 'orchestrator-queue'),
  workflowType: nameSchema('workflow type', 'OrderFulfillmentWorkflow'),
  workflowId: workflowIdSchema,
  input: jsonArgumentSchema.optional(),
});
type Input = z.output<typeof input>;

async function preview(ctx: ActionContext, start: Input): Promise<Preview> {
  return ctx.targets.temporal.call(ctx, async (client) => {
    const summary = `Start ${start.workflowType} as ${start.workflowId} on task queue ${start.taskQueue}`;
    const existing = await describeExecution(client, start.workflowId).catch((error: unknown) => {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    });
    if (existing && isOpen(existing)) {
      return {
        summary,
        details: start,
        blocked: `${start.workflowId} is already running (${existing.type}, run ${existing.runId}). Pick another workflow ID, or deal with the running one first.`,
      };
    }
    return {
      summary,
      details: start,
      warnings: existing
        ? [
            `${start.workflowId} ran before (${existing.status}); this starts a new run under the same ID.`,
          ]
        : [],
    };
  });
}

export default defineAction({
  id: 'temporal.workflow.start',
  title: 'Start workflow',
  summary:
    'Starts a workflow of a type on a task queue with a JSON input; who started it and why go in its memo.',
  risk: 'write',
  input,
  preview,
  run: (ctx, { taskQueue, workflowType, workflowId, input: arg }) =>
    ctx.targets.temporal.call(ctx, async (client) => {
      const handle = await client.workflow.start(workflowType, {
        taskQueue,
        workflowId,
        args: arg === undefined ? [] : [arg],
        memo: { runsheet: { startedBy: ctx.actor.id, reason: ctx.reason ?? null } },
      });
      return { workflowId, runId: handle.firstExecutionRunId, workflowType, taskQueue };
    }),
});
