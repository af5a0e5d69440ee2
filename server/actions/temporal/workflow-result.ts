import { isGrpcDeadlineError, type Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { z } from 'zod';
import { ActionError } from '../../errors.ts';
import { defineAction } from '../define-action.ts';
import { decodePayloads, isoTime, summarizeFailure, type FailureSummary } from './shared/proto.ts';
import { execution } from './shared/schemas.ts';

const CLOSE_EVENT = 2; // temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT
const LONG_POLL_MS = 20_000;
/** A workflow that keeps continuing as new is followed this many runs, then the person is told. */
const MAX_RUNS = 100;

export interface WorkflowResult {
  workflowId: string;
  /** The run that closed: the last one when the workflow continued as new. */
  runId: string;
  status: 'COMPLETED' | 'FAILED' | 'CANCELED' | 'TERMINATED' | 'TIMED_OUT';
  closeTime: string | null;
  /** COMPLETED: the value the workflow returned (null when it returned nothing). */
  result: unknown;
  failure: FailureSummary | null;
  /** TERMINATED: the reason and who did it, as the history records them. */
  terminated: { reason: string; identity: string } | null;
  /** Runs followed through continue-as-new before the one that closed. */
  continuedAsNew: string[];
}

type CloseEvent = temporal.api.history.v1.IHistoryEvent;

/** The close event of one run, waiting (long polls) until it has one or `deadline` passes. */
async function closeEventOf(
  client: Client,
  run: { workflowId: string; runId: string },
  deadline: number,
  rpcTimeoutMs: number,
): Promise<CloseEvent | undefined> {
  let nextPageToken: Uint8Array | undefined;
  while (deadline - Date.now() > 50) {
    try {
      const page = await readCloseEvent(client, run, {
        deadline: Math.min(deadline, Date.now() + LONG_POLL_MS),
        wait: true,
        nextPageToken,
      });
      const event = page.history?.events?.[0];
      if (event) return event;
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } catch (error) {
      // The server ends an unanswered long poll itself; our own deadline for it is no failure either.
      if (!isGrpcDeadlineError(error)) throw error;
    }
  }
  // Time is up. A run that is still open has no close event; asking for it without waiting would
  // still hold (the server long-polls a close-event read of an open run), so ask whether it closed.
  const { status } = await client.workflow.getHandle(run.workflowId, run.runId).describe();
  if (status.name === 'RUNNING') return undefined;
  const page = await readCloseEvent(client, run, {
    deadline: Date.now() + rpcTimeoutMs,
    wait: false,
  });
  return page.history?.events?.[0];
}

function readCloseEvent(
  client: Client,
  { workflowId, runId }: { workflowId: string; runId: string },
  {
    deadline,
    wait,
    nextPageToken,
  }: { deadline: number; wait: boolean; nextPageToken?: Uint8Array | undefined },
) {
  return client.connection.withDeadline(deadline, () =>
    client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId, runId },
      waitNewEvent: wait,
      historyEventFilterType: CLOSE_EVENT,
      skipArchival: true,
      ...(nextPageToken ? { nextPageToken } : {}),
    }),
  );
}

export default defineAction({
  id: 'temporal.workflow.result',
  title: 'Workflow result',
  summary:
    'Waits for a workflow to close (following continue-as-new, as temporal workflow result does) and shows how it ended: its result, its failure, or who terminated it and why.',
  risk: 'read',
  input: z.strictObject({
    ...execution,
    waitSeconds: z.coerce
      .number()
      .int()
      .min(0)
      .max(600)
      .default(30)
      .describe('How long to wait for a running workflow to close, in seconds (0: do not wait)'),
  }),
  run: (ctx, { workflowId, runId, waitSeconds }) => {
    const { rpcTimeoutMs } = ctx.targets.temporal;
    return ctx.targets.temporal.call(
      ctx,
      async (client): Promise<WorkflowResult> => {
        // The latest run when none is named, as the CLI does; describe also says "not found" clearly.
        const started = await client.workflow.getHandle(workflowId, runId).describe();
        const deadline = Date.now() + waitSeconds * 1000;
        const followed: string[] = [];
        let current = started.runId;
        for (;;) {
          const event = await closeEventOf(
            client,
            { workflowId, runId: current },
            deadline,
            rpcTimeoutMs,
          );
          if (!event) {
            throw new ActionError(
              'deadline_exceeded',
              `${workflowId} is still running after ${waitSeconds} s: it has no result yet.`,
              {
                hint: 'Run the step again with a longer waitSeconds (up to 600), or describe the workflow to see what it waits for.',
              },
            );
          }
          const next = event.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
          if (!next) return closed(workflowId, current, event, followed);
          followed.push(current);
          if (followed.length >= MAX_RUNS) {
            throw new ActionError(
              'precondition_failed',
              `${workflowId} continued as new ${MAX_RUNS} times while Runsheet followed it: it has no final result yet.`,
              { hint: 'Describe the latest run to see where it is.' },
            );
          }
          current = next;
        }
      },
      { timeoutMs: waitSeconds * 1000 + 2 * rpcTimeoutMs },
    );
  },
});

function closed(
  workflowId: string,
  runId: string,
  event: CloseEvent,
  continuedAsNew: string[],
): WorkflowResult {
  const base = {
    workflowId,
    runId,
    closeTime: isoTime(event.eventTime),
    result: null,
    failure: null,
    terminated: null,
    continuedAsNew,
  };
  if (event.workflowExecutionCompletedEventAttributes) {
    const values = decodePayloads(event.workflowExecutionCompletedEventAttributes.result);
    return {
      ...base,
      status: 'COMPLETED',
      result: values.length > 1 ? values : (values[0] ?? null),
    };
  }
  if (event.workflowExecutionFailedEventAttributes) {
    return {
      ...base,
      status: 'FAILED',
      failure: summarizeFailure(event.workflowExecutionFailedEventAttributes.failure),
    };
  }
  if (event.workflowExecutionTerminatedEventAttributes) {
    const { reason, identity } = event.workflowExecutionTerminatedEventAttributes;
    return {
      ...base,
      status: 'TERMINATED',
      terminated: { reason: reason ?? '', identity: identity ?? '' },
    };
  }
  if (event.workflowExecutionCanceledEventAttributes) return { ...base, status: 'CANCELED' };
  return { ...base, status: 'TIMED_OUT' };
}
