import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { batchInputShape, previewBatch, runBatch, type BatchOperation } from './shared/batch.ts';
import { rawRequestBase } from './shared/raw.ts';

const input = z.strictObject(batchInputShape);

function cancel(reason: string): BatchOperation {
  return {
    operation: 'cancel',
    doing: 'Request cancellation of',
    warnings: [
      'Cancellation is a request: each workflow decides how to clean up, may take a while, or ignore it. Count the running ones after.',
    ],
    one: (client, { workflowId, runId }) =>
      client.workflowService.requestCancelWorkflowExecution({
        ...rawRequestBase(client),
        workflowExecution: { workflowId, runId },
        reason,
      }),
  };
}

export default defineAction({
  id: 'temporal.batch.cancel',
  title: 'Cancel matching workflows',
  summary:
    'Asks every running workflow a visibility query matches to cancel (temporal workflow cancel --query), refusing more than a cap; the reason goes into each history.',
  risk: 'write',
  input,
  preview: (ctx, request) => previewBatch(ctx, request, cancel('')),
  run: (ctx, request) =>
    runBatch(ctx, request, cancel(ctx.reason ?? `Cancelled by ${ctx.actor.id} through Runsheet`)),
});
