import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/client';
import { z } from 'zod';
import { defineAction, type ActionContext } from '../define-action.ts';
import type { Preview } from '../types.ts';
import { ActionError } from '../../errors.ts';
import { decodePayloads } from './shared/proto.ts';
import { execution, workflowIdSchema } from './shared/schemas.ts';
import { describeExecution, isOpen } from './shared/workflow.ts';

const input = z.strictObject({
  ...execution,
  newWorkflowId: workflowIdSchema
    .optional()
    .describe(
      'ID of the new run; defaults to the old ID with -retry, e.g. order-fulfillment-ORD-12345-retry',
    ),
});
type Input = z.output<typeof input>;

/** What the original run was started with: read from its WorkflowExecutionStarted event. */
async function originalStart(client: Client, workflowId: string, runId?: string) {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  if (!started) {
    throw new ActionError(
      'precondition_failed',
      `${workflowId} has no WorkflowExecutionStarted event to restart from.`,
    );
  }
  return started;
}

async function plan(client: Client, { workflowId, runId, newWorkflowId }: Input) {
  const original = await describeExecution(client, workflowId, runId);
  const started = await originalStart(client, workflowId, original.runId);
  return { original, started, newId: newWorkflowId ?? `${original.workflowId}-retry` };
}

async function preview(ctx: ActionContext, request: Input): Promise<Preview> {
  return ctx.targets.temporal.call(ctx, async (client) => {
    const { original, started, newId } = await plan(client, request);
    const summary = `Start ${original.type} as ${newId} with the input ${original.workflowId} was started with`;
    const details = {
      from: { workflowId: original.workflowId, runId: original.runId, status: original.status },
      workflowId: newId,
      taskQueue: started.taskQueue?.name,
      input: decodePayloads(started.input),
    };
    if (isOpen(original)) {
      return {
        summary,
        details,
        blocked: `${original.workflowId} is still RUNNING: a restart now would process the same work twice. Terminate or cancel it first.`,
      };
    }
    return { summary, details };
  });
}

export default defineAction({
  id: 'temporal.workflow.restart',
  title: 'Restart workflow',
  summary:
    "Starts a closed workflow again under a new ID, with the exact input of its WorkflowExecutionStarted event; both runs' memos link to each other's IDs.",
  risk: 'write',
  input,
  preview,
  run: (ctx, request) =>
    ctx.targets.temporal.call(ctx, async (client) => {
      const { original, started, newId } = await plan(client, request);
      const memo = {
        runsheet: defaultPayloadConverter.toPayload({
          restartOf: { workflowId: original.workflowId, runId: original.runId },
          startedBy: ctx.actor.id,
          reason: ctx.reason ?? null,
        }),
      };
      // The raw call passes the original payloads through untouched, whatever their encoding.
      const response = await client.workflowService.startWorkflowExecution({
        namespace: client.options.namespace,
        identity: client.options.identity,
        requestId: randomUUID(),
        workflowId: newId,
        workflowType: started.workflowType ?? null,
        taskQueue: started.taskQueue ?? null,
        input: started.input ?? null,
        workflowExecutionTimeout: started.workflowExecutionTimeout ?? null,
        workflowRunTimeout: started.workflowRunTimeout ?? null,
        workflowTaskTimeout: started.workflowTaskTimeout ?? null,
        memo: { fields: memo },
      });
      return {
        from: { workflowId: original.workflowId, runId: original.runId },
        workflowId: newId,
        runId: response.runId ?? '',
        input: decodePayloads(started.input),
      };
    }),
});
