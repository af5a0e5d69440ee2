import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { batchInputShape, previewBatch, runBatch, type BatchOperation } from './shared/batch.ts';

const input = z.strictObject(batchInputShape);

function terminate(reason: string): BatchOperation {
  return {
    operation: 'terminate',
    doing: 'Terminate',
    reason,
    warnings: [
      'Each workflow stops where it is, without cleanup. If they share a cause a signal or a fix could clear, prefer that.',
    ],
    one: (client, { workflowId, runId }) =>
      client.workflowService.terminateWorkflowExecution({
        namespace: client.options.namespace,
        identity: client.options.identity,
        workflowExecution: { workflowId, runId },
        reason,
      }),
    server: (identity) => ({ terminationOperation: { identity } }),
    serverRecords:
      'Each history records the reason, with the batch engine as the identity; the job records who started it.',
  };
}

export default defineAction({
  id: 'temporal.batch.terminate',
  title: 'Terminate matching workflows',
  summary:
    'Terminates every running workflow a visibility query matches, refusing more than a cap; large sets run as a Temporal batch job (StartBatchOperation), smaller ones one by one, each reported.',
  risk: 'destructive',
  input,
  preview: (ctx, request) => previewBatch(ctx, request, terminate(ctx.reason ?? '')),
  // Destructive: the risk gate has made sure there is a reason.
  run: (ctx, request) => runBatch(ctx, request, terminate(ctx.reason!)),
});
