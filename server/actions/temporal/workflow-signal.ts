import { defaultPayloadConverter } from '@temporalio/client';
import { z } from 'zod';
import { defineAction, type ActionContext } from '../define-action.ts';
import type { Preview } from '../types.ts';
import { rawRequestBase, runsheetHeader } from './shared/raw.ts';
import { execution, jsonArgumentSchema, nameSchema } from './shared/schemas.ts';
import {
  declaredSignals,
  describeExecution,
  isOpen,
  previewOnOpenWorkflow,
  type WorkflowDescription,
} from './shared/workflow.ts';

const input = z.strictObject({
  ...execution,
  signalName: nameSchema('signal name', 'waveAssigned'),
  input: jsonArgumentSchema.optional(),
});
type Input = z.output<typeof input>;

/**
 * Checks the seed's own failure causes before anything is sent: a closed workflow (the signal
 * would be lost) and a name the workflow does not handle ("waveAssign" for "waveAssigned").
 */
async function preview(
  ctx: ActionContext,
  { workflowId, runId, signalName, input: arg }: Input,
): Promise<Preview> {
  return ctx.targets.temporal.call(ctx, async (client) => {
    const workflow = await describeExecution(client, workflowId, runId);
    const known = isOpen(workflow) ? await declaredSignals(client, workflow) : undefined;
    const preview = previewOnOpenWorkflow(workflow, {
      summary: `Send signal ${signalName} to ${workflow.workflowId} (${workflow.type}, ${workflow.status})`,
      ifClosed: `${workflow.workflowId} is ${workflow.status}: a signal to a closed workflow is never delivered. Start or restart it instead.`,
      details: {
        workflowId: workflow.workflowId,
        runId: workflow.runId,
        signalName,
        input: arg ?? null,
      },
      warnings: known
        ? []
        : [
            `Could not check the signal name: no worker answered for task queue ${workflow.taskQueue} (none is polling it, or its SDK does not report signal handlers).`,
          ],
    });
    if (known && !known.includes(signalName)) {
      preview.blocked = unknownSignal(workflow, signalName, known);
    }
    return preview;
  });
}

function unknownSignal(workflow: WorkflowDescription, signalName: string, known: string[]): string {
  const alike = known.filter((name) =>
    name.toLowerCase().startsWith(signalName.toLowerCase().slice(0, 4)),
  );
  return (
    `${workflow.workflowId} (${workflow.type}) has no handler for signal "${signalName}", so it would ignore it. ` +
    (known.length ? `Signals it handles: ${known.join(', ')}.` : 'It handles no signals.') +
    (alike.length ? ` Did you mean ${alike.join(' or ')}?` : '')
  );
}

export default defineAction({
  id: 'temporal.workflow.signal',
  title: 'Send signal',
  summary:
    'Sends a signal with a JSON argument to a running workflow, after checking the workflow handles that signal.',
  risk: 'write',
  input,
  preview,
  async run(ctx, { workflowId, runId, signalName, input: arg }) {
    return ctx.targets.temporal.call(ctx, async (client) => {
      await client.workflowService.signalWorkflowExecution({
        ...rawRequestBase(client),
        workflowExecution: { workflowId, runId: runId ?? '' },
        signalName,
        input: { payloads: arg === undefined ? [] : [defaultPayloadConverter.toPayload(arg)] },
        header: runsheetHeader(ctx.actor.id, ctx.reason),
      });
      const workflow = await describeExecution(client, workflowId, runId);
      return {
        workflowId,
        runId: workflow.runId,
        signalName,
        delivered: true,
        statusAfter: workflow.status,
      };
    });
  },
});
