import { z } from 'zod';
import { defineAction, type ActionContext } from '../define-action.ts';
import type { Preview } from '../types.ts';
import { rawRequestBase } from './shared/raw.ts';
import { execution } from './shared/schemas.ts';
import { describeExecution, previewOnOpenWorkflow } from './shared/workflow.ts';

const input = z.strictObject({ ...execution });

async function preview(
  ctx: ActionContext,
  { workflowId, runId }: z.output<typeof input>,
): Promise<Preview> {
  return ctx.targets.temporal.call(ctx, async (client) => {
    const workflow = await describeExecution(client, workflowId, runId);
    return previewOnOpenWorkflow(workflow, {
      summary: `Request cancellation of ${workflow.workflowId} (${workflow.type}, ${workflow.status})`,
      ifClosed: `${workflow.workflowId} is already ${workflow.status}: there is nothing to cancel.`,
      warnings: [
        'Cancellation is a request: the workflow decides how to clean up and may take a while, or ignore it. Check its status after.',
      ],
    });
  });
}

export default defineAction({
  id: 'temporal.workflow.cancel',
  title: 'Cancel workflow',
  summary:
    'Asks a running workflow to cancel, so it can clean up; the reason is recorded in its history.',
  risk: 'write',
  input,
  preview,
  async run(ctx, { workflowId, runId }) {
    return ctx.targets.temporal.call(ctx, async (client) => {
      await client.workflowService.requestCancelWorkflowExecution({
        ...rawRequestBase(client),
        workflowExecution: { workflowId, runId: runId ?? '' },
        reason: ctx.reason ?? `Cancelled by ${ctx.actor.id} through Runsheet`,
      });
      const workflow = await describeExecution(client, workflowId, runId);
      return {
        workflowId,
        runId: workflow.runId,
        cancelRequested: true,
        statusAfter: workflow.status,
      };
    });
  },
});
