import { randomUUID } from 'node:crypto';
import { status as grpcStatus } from '@grpc/grpc-js';
import { isGrpcServiceError, type Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { ActionContext } from '../../define-action.ts';
import { ActionError } from '../../../errors.ts';
import { incomplete, DONE, type BatchResult } from './batch-client.ts';
import { withinCallDeadline } from './deadlines.ts';

/**
 * The server path: Temporal's own batch engine (a system workflow in the namespace) does the work,
 * at the pace the server allows (worker.batcherRPS), whether or not Runsheet stays connected.
 * Runsheet starts the job, streams its counts as progress, and stops it if the person cancels.
 */

type StartRequest = temporal.api.workflowservice.v1.IStartBatchOperationRequest;
/** The operation part of the request: terminationOperation, cancellationOperation or signalOperation. */
export type ServerOperation = Pick<
  StartRequest,
  'terminationOperation' | 'cancellationOperation' | 'signalOperation'
>;

const POLL_MS = 250;
/** temporal.api.enums.v1.BatchOperationState: the states a batch job is watched through. */
export const BatchJobState = { RUNNING: 1, COMPLETED: 2 } as const;
const { RUNNING, COMPLETED } = BatchJobState;

/** Why the engine cannot take the job, when Runsheet can still do it itself; undefined otherwise. */
export function engineUnavailable(error: unknown): string | undefined {
  const grpc = isGrpcServiceError(error) ? error : undefined;
  if (!grpc) return undefined;
  // errBatchAPINotAllowed (frontend.enableBatcher off) and servers without the API.
  if (grpc.code === grpcStatus.UNIMPLEMENTED || grpc.code === grpcStatus.PERMISSION_DENIED) {
    return grpc.details;
  }
  if (grpc.code === grpcStatus.FAILED_PRECONDITION && /batch/i.test(grpc.details)) {
    return grpc.details;
  }
  return undefined;
}

export async function runOnServer(
  ctx: ActionContext,
  client: Client,
  {
    operation,
    query,
    matched,
    reason,
    request,
  }: {
    operation: BatchResult['operation'];
    /** The frozen query: the running matches counted, and no workflow started since. */
    query: string;
    matched: number;
    reason: string;
    request: ServerOperation;
  },
): Promise<BatchResult> {
  const { rpcTimeoutMs } = ctx.targets.temporal;
  const namespace = client.options.namespace;
  const jobId = `runsheet-${randomUUID()}`;
  const once = <T>(call: () => Promise<T>) => withinCallDeadline(client, rpcTimeoutMs, call);
  try {
    await once(() =>
      client.workflowService.startBatchOperation({
        namespace,
        jobId,
        visibilityQuery: query,
        reason,
        ...request,
      }),
    );
  } catch (error) {
    throw busy(error) ?? error;
  }
  ctx.note({ batchJobId: jobId, batchEngine: 'server' });
  ctx.log.info({ jobId, matched }, 'Temporal batch job started');

  let last: temporal.api.workflowservice.v1.IDescribeBatchOperationResponse = {};
  const result = (): BatchResult => ({
    operation,
    engine: 'server',
    jobId,
    query,
    matched: Math.max(matched, Number(last.totalOperationCount ?? 0)),
    succeeded: [],
    succeededCount: Number(last.completeOperationCount ?? 0),
    failed: [],
    failedCount: Number(last.failureOperationCount ?? 0),
    notAttempted: [],
  });
  for (;;) {
    if (ctx.signal.aborted) {
      await stop(ctx, client, jobId);
      throw incomplete(result(), undefined);
    }
    try {
      last = await once(() => client.workflowService.describeBatchOperation({ namespace, jobId }));
    } catch (error) {
      // Cancelling aborts the call in flight too: the job is stopped all the same.
      if (!ctx.signal.aborted) throw error;
      continue;
    }
    const counts = result();
    ctx.progress({
      done: counts.succeededCount + counts.failedCount,
      total: counts.matched,
      message: `Temporal batch job ${jobId}: ${counts.succeededCount} ${DONE[operation]}, ${counts.failedCount} failed, of ${counts.matched}`,
    });
    if (last.state === COMPLETED) return counts;
    if (last.state !== RUNNING) {
      throw new ActionError(
        'target_error',
        `Temporal's batch job ${jobId} failed: ${counts.succeededCount} of ${counts.matched} ${DONE[operation]}, ${counts.failedCount} failed.`,
        {
          hint: `temporal batch describe --job-id ${jobId} shows why. Run the step again: only running workflows match, so it acts on just the ones left.`,
          partial: counts,
        },
      );
    }
    await sleep(POLL_MS, ctx.signal);
  }
}

/** The person cancelled: the job stops on the server too, or it would carry on without them. */
async function stop(ctx: ActionContext, client: Client, jobId: string): Promise<void> {
  const { rpcTimeoutMs } = ctx.targets.temporal;
  // The run's own signal is aborted: this call gets one of its own.
  await client.connection.withAbortSignal(AbortSignal.timeout(rpcTimeoutMs), () =>
    withinCallDeadline(client, rpcTimeoutMs, () =>
      client.workflowService.stopBatchOperation({
        namespace: client.options.namespace,
        jobId,
        reason: `Cancelled in Runsheet by ${ctx.actor.id}`,
        identity: client.options.identity,
      }),
    ),
  );
  ctx.note({ batchStopped: true });
  ctx.log.info({ jobId }, 'Temporal batch job stopped');
}

/** Temporal runs a limited number of batch jobs per namespace at once (default 1). */
function busy(error: unknown): ActionError | undefined {
  if (!isGrpcServiceError(error) || error.code !== grpcStatus.RESOURCE_EXHAUSTED) return undefined;
  return new ActionError(
    'precondition_failed',
    `Temporal is already running as many batch jobs in this namespace as it allows (${error.details}); nothing was done.`,
    {
      hint: 'Wait for the other job to finish (temporal batch list shows it), or stop it with temporal batch terminate --job-id, then run the step again.',
      cause: error,
    },
  );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
