import type { Client } from '@temporalio/client';
import type { ActionContext } from '../../define-action.ts';
import { ActionError } from '../../../errors.ts';
import { mapConcurrently, progressReporter } from '../../../runs/concurrency.ts';
import { translateTemporalError } from '../../../targets/temporal-errors.ts';
import { withinCallDeadline } from './deadlines.ts';

export interface Execution {
  workflowId: string;
  runId: string;
}

export interface ItemOutcome extends Execution {
  ok: boolean;
  error?: string;
}

/** What a batch did, on either path: the client's per-item loop or Temporal's own batch engine. */
export interface BatchResult {
  operation: 'terminate' | 'cancel' | 'signal';
  /** `client`: Runsheet called Temporal once per workflow; `server`: a Temporal batch job did. */
  engine: 'client' | 'server';
  /** The server path's batch job (temporal batch describe --job-id); null on the client path. */
  jobId: string | null;
  query: string;
  matched: number;
  /** Client path: each workflow. Server path: only the count (the engine reports no items). */
  succeeded: Execution[];
  succeededCount: number;
  failed: ItemOutcome[];
  failedCount: number;
  notAttempted: Execution[];
}

/** How a result says an item was done: "12 of 40 terminated". */
export const DONE: Record<BatchResult['operation'], string> = {
  terminate: 'terminated',
  cancel: 'asked to cancel',
  signal: 'signalled',
};

/** Item failures that mean the server is gone or stuck, not that one workflow could not be done. */
const STOPS_THE_BATCH = new Set(['target_unreachable', 'deadline_exceeded']);

/**
 * The client path: one call per workflow, `concurrency` at a time, each reported as it settles.
 * Stops early when Temporal itself goes away (every further call would wait and fail the same way).
 */
export async function runEachItem(
  ctx: ActionContext,
  client: Client,
  {
    operation,
    query,
    targets,
    concurrency,
  }: {
    operation: BatchResult['operation'];
    query: string;
    targets: Execution[];
    concurrency: number;
  },
  one: (execution: Execution) => Promise<unknown>,
): Promise<BatchResult> {
  const { rpcTimeoutMs, address, namespace } = ctx.targets.temporal;
  const done: ItemOutcome[] = [];
  const progress = progressReporter<ItemOutcome>(ctx.progress, targets.length);
  const serverGone = new AbortController();
  let stoppedBy: ActionError | undefined;
  await mapConcurrently(
    targets,
    concurrency,
    AbortSignal.any([ctx.signal, serverGone.signal]),
    (execution) => withinCallDeadline(client, rpcTimeoutMs, () => one(execution)),
    ({ workflowId, runId }, outcome) => {
      let item: ItemOutcome = { workflowId, runId, ok: true };
      if (outcome.status === 'rejected') {
        const error = translateTemporalError(outcome.reason, { address, namespace });
        if (error instanceof ActionError && STOPS_THE_BATCH.has(error.code)) {
          stoppedBy ??= error;
          serverGone.abort();
        }
        item = { workflowId, runId, ok: false, error: errorMessage(error) };
      }
      done.push(item);
      progress.settled(item);
    },
  );
  progress.flush();
  const settled = new Set(done.map((item) => item.workflowId));
  const succeeded = done
    .filter((item) => item.ok)
    .map(({ workflowId, runId }) => ({ workflowId, runId }));
  const failed = done.filter((item) => !item.ok);
  const result: BatchResult = {
    operation,
    engine: 'client',
    jobId: null,
    query,
    matched: targets.length,
    succeeded,
    succeededCount: succeeded.length,
    failed,
    failedCount: failed.length,
    notAttempted: targets.filter((target) => !settled.has(target.workflowId)),
  };
  if (stoppedBy || ctx.signal.aborted) throw incomplete(result, stoppedBy);
  return result;
}

/**
 * A batch that stopped part-way: the error says how far it got and how to finish it; `partial`
 * carries every workflow's fate to the person and, as a digest, to the audit trail.
 */
export function incomplete(result: BatchResult, stoppedBy: ActionError | undefined): ActionError {
  const notAttempted = result.matched - result.succeededCount - result.failedCount;
  const counts = `${result.succeededCount} of ${result.matched} ${DONE[result.operation]}, ${result.failedCount} failed, ${notAttempted} not attempted`;
  const resume =
    'Run the same step again once Temporal answers: only running workflows match, so it acts on just the ones left.';
  if (!stoppedBy) {
    return new ActionError('cancelled', `The batch was cancelled: ${counts}.`, {
      hint: resume,
      partial: result,
    });
  }
  return new ActionError(
    stoppedBy.code,
    `${stoppedBy.message.replace(/\.$/, '')}: the batch stopped with ${counts}.`,
    { hint: `${stoppedBy.hint ?? ''} ${resume}`.trim(), partial: result, cause: stoppedBy },
  );
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
