import { z } from 'zod';
import { defineAction, type ActionContext } from '../define-action.ts';
import { batchInputShape, previewBatch, runBatch, type BatchOperation } from './shared/batch.ts';
import { rawRequestBase } from './shared/raw.ts';

const input = z.strictObject(batchInputShape);

const reasonFor = (ctx: ActionContext) =>
  ctx.reason ?? `Cancelled by ${ctx.actor.id} through Runsheet`;

function cancel(reason: string): BatchOperation {
  return {
    operation: 'cancel',
    doing: 'Request cancellation of',
    reason,
    warnings: [
      'Cancellation is a request: each workflow decides how to clean up, may take a while, or ignore it. Count the running ones after.',
    ],
    one: (client, { workflowId, runId }) =>
      client.workflowService.requestCancelWorkflowExecution({
        ...rawRequestBase(client),
        workflowExecution: { workflowId, runId },
        reason,
      }),
    server: (identity) => ({ cancellationOperation: { identity } }),
    serverRecords:
      'The engine sends each cancellation request without the reason; the job records the reason and who started it.',
  };
}

export default defineAction({
  id: 'temporal.batch.cancel',
  title: 'Cancel matching workflows',
  summary:
    'Asks every running workflow a visibility query matches to cancel (temporal workflow cancel --query), refusing more than a cap; the reason goes into each history.',
  risk: 'write',
  input,
  preview: (ctx, request) => previewBatch(ctx, request, cancel(reasonFor(ctx))),
  run: (ctx, request) => runBatch(ctx, request, cancel(reasonFor(ctx))),
});
