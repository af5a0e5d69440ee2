import { defaultPayloadConverter, type Client } from '@temporalio/client';
import { z } from 'zod';
import { defineAction, type ActionContext } from '../define-action.ts';
import { batchInputShape, previewBatch, runBatch, type BatchOperation } from './shared/batch.ts';
import type { Execution } from './shared/batch-client.ts';
import { rawRequestBase, runsheetHeader } from './shared/raw.ts';
import { jsonArgumentSchema, nameSchema } from './shared/schemas.ts';
import { declaredSignals } from './shared/workflow.ts';

const input = z.strictObject({
  ...batchInputShape,
  signalName: nameSchema('signal name', 'waveAssigned'),
  input: jsonArgumentSchema.optional(),
});
type Input = z.output<typeof input>;

/** The seed's signal-loss cause, checked before anything is sent: a name the workflows do not handle. */
async function unhandled(client: Client, sample: Execution[], signalName: string) {
  for (const execution of sample) {
    const known = await declaredSignals(client, execution);
    if (known && !known.includes(signalName)) {
      return `${execution.workflowId} has no handler for signal "${signalName}", so it would ignore it. Signals it handles: ${known.join(', ') || 'none'}. Narrow the query to workflows that handle it, or fix the name.`;
    }
  }
  return undefined;
}

function signal(ctx: ActionContext, { signalName, input: arg }: Input): BatchOperation {
  const payloads = arg === undefined ? [] : [defaultPayloadConverter.toPayload(arg)];
  const header = runsheetHeader(ctx.actor.id, ctx.reason);
  return {
    operation: 'signal',
    doing: `Send signal ${signalName} to`,
    reason: ctx.reason ?? `Signalled by ${ctx.actor.id} through Runsheet`,
    warnings: [
      'Each matching workflow gets the signal once; one that closes before it arrives never sees it.',
    ],
    // The first few of the sample: enough to catch a wrong name without a query per workflow.
    check: (client, sample) => unhandled(client, sample.slice(0, 3), signalName),
    one: (client, { workflowId, runId }) =>
      client.workflowService.signalWorkflowExecution({
        ...rawRequestBase(client),
        workflowExecution: { workflowId, runId },
        signalName,
        input: { payloads },
        header,
      }),
    server: (identity) => ({
      signalOperation: { signal: signalName, input: { payloads }, header, identity },
    }),
    serverRecords:
      'Each signal records who sent it, but the engine does not pass on the reason header; the job records the reason.',
  };
}

export default defineAction({
  id: 'temporal.batch.signal',
  title: 'Signal matching workflows',
  summary:
    'Sends one signal with a JSON argument to every running workflow a visibility query matches (temporal workflow signal --query), refusing more than a cap, after checking they handle it.',
  risk: 'write',
  input,
  preview: (ctx, request) => previewBatch(ctx, request, signal(ctx, request)),
  run: (ctx, request) => runBatch(ctx, request, signal(ctx, request)),
});
