import { z } from 'zod';
import { defineAction, type ActionContext } from '../define-action.ts';
import type { Preview } from '../types.ts';
import { execution } from './shared/schemas.ts';
import {
  declaredSignals,
  describeExecution,
  previewOnOpenWorkflow,
  type WorkflowDescription,
} from './shared/workflow.ts';

const input = z.strictObject({ ...execution });

async function preview(
  ctx: ActionContext,
  { workflowId, runId }: z.output<typeof input>,
): Promise<Preview> {
  return ctx.targets.temporal.call(ctx, async (client) => {
    const workflow = await describeExecution(client, workflowId, runId);
    const signals = await declaredSignals(client, workflow);
    return previewOnOpenWorkflow(workflow, {
      summary: `Terminate ${workflow.workflowId} (${workflow.type}, ${workflow.status}) at once, without cleanup`,
      ifClosed: `${workflow.workflowId} is already ${workflow.status}: there is nothing to terminate.`,
      warnings: gentlerOptions(workflow, signals),
    });
  });
}

/** Terminating loses the workflow's state: say when a signal or a cancel would do. */
function gentlerOptions(workflow: WorkflowDescription, signals: string[] | undefined): string[] {
  const warnings = [
    'Terminating stops the workflow where it is: no cleanup runs, and its progress must be redone by a restart.',
  ];
  const waiting = workflow.pendingActivities.length === 0;
  if (waiting && signals?.length) {
    warnings.push(
      `It is not running any activity and handles the signal${signals.length > 1 ? 's' : ''} ${signals.join(', ')}: if it is waiting for one, sending it (temporal.workflow.signal) unblocks it without losing state.`,
    );
  }
  for (const child of workflow.pendingChildren) {
    warnings.push(
      `It is waiting on child ${child.workflowId} (${child.workflowType}): check what the child waits for first; a signal to the child may be the fix.`,
    );
  }
  warnings.push('If the workflow handles cancellation, temporal.workflow.cancel lets it clean up.');
  return warnings;
}

export default defineAction({
  id: 'temporal.workflow.terminate',
  title: 'Terminate workflow',
  summary:
    'Stops a running workflow immediately, without cleanup; the reason and who did it are recorded in its history.',
  risk: 'destructive',
  input,
  preview,
  async run(ctx, { workflowId, runId }) {
    return ctx.targets.temporal.call(ctx, async (client) => {
      await client.workflowService.terminateWorkflowExecution({
        namespace: client.options.namespace,
        identity: client.options.identity,
        workflowExecution: { workflowId, runId: runId ?? '' },
        reason: ctx.reason!,
      });
      const workflow = await describeExecution(client, workflowId, runId);
      return { workflowId, runId: workflow.runId, statusAfter: workflow.status };
    });
  },
});
