import { z } from 'zod';
import { defineAction, type ActionContext } from '../define-action.ts';
import type { Preview } from '../types.ts';
import { ActionError } from '../../errors.ts';
import { mapConcurrently, progressReporter } from '../../runs/concurrency.ts';
import { translateTemporalError } from '../../targets/temporal-errors.ts';
import { manyCallsTimeout, withinCallDeadline } from './shared/deadlines.ts';
import { visibilityQuerySchema } from './shared/schemas.ts';
import { listExecutions, runningMatching } from './shared/visibility.ts';

const HARD_CAP = 1_000;
const SAMPLE = 20;

const input = z.strictObject({
  query: visibilityQuerySchema.describe(
    'Which running workflows, e.g. WorkflowType="ReprocessingOrchestrationWorkflow"; only running ones are ever matched',
  ),
  cap: z
    .number()
    .int()
    .min(1)
    .max(HARD_CAP)
    .default(100)
    .describe(`Refuse when more than this many match (at most ${HARD_CAP})`),
  concurrency: z
    .number()
    .int()
    .min(1)
    .max(64)
    .default(16)
    .describe('Terminations in flight at once'),
});
type Input = z.output<typeof input>;

async function preview(ctx: ActionContext, { query, cap }: Input): Promise<Preview> {
  return ctx.targets.temporal.call(ctx, async (client) => {
    const filter = runningMatching(query);
    const { count } = await client.workflow.count(filter);
    const sample = await listExecutions(client, filter, SAMPLE);
    const summary = `Terminate ${count} running workflow${count === 1 ? '' : 's'} matching ${filter}`;
    const base = { summary, count, affected: sample, details: { query: filter, cap } };
    if (count === 0) return { ...base, blocked: `No running workflow matches ${filter}.` };
    if (count > cap) {
      return {
        ...base,
        blocked: `${count} running workflows match, over the cap of ${cap}. Narrow the query, or raise cap (up to ${HARD_CAP}) if you do mean all of them.`,
      };
    }
    return {
      ...base,
      warnings: [
        'Each workflow stops where it is, without cleanup. If they share a cause a signal or a fix could clear, prefer that.',
      ],
    };
  });
}

interface ItemOutcome {
  workflowId: string;
  runId: string;
  ok: boolean;
  error?: string;
}

export default defineAction({
  id: 'temporal.batch.terminate',
  title: 'Terminate matching workflows',
  summary:
    'Terminates every running workflow a visibility query matches, a few at a time, refusing more than a cap; reports each one.',
  risk: 'destructive',
  input,
  preview,
  run: (ctx, { query, cap, concurrency }) => {
    const { rpcTimeoutMs } = ctx.targets.temporal;
    return ctx.targets.temporal.call(
      ctx,
      async (client) => {
        const filter = runningMatching(query);
        const targets = await listExecutions(client, filter, cap + 1);
        if (targets.length > cap) {
          throw new ActionError(
            'precondition_failed',
            `More than ${cap} running workflows now match ${filter}; nothing was terminated.`,
            {
              hint: 'Run the preview again: workflows were started since.',
            },
          );
        }
        const done: ItemOutcome[] = [];
        const progress = progressReporter<ItemOutcome>(ctx.progress, targets.length);
        const where = {
          address: ctx.targets.temporal.address,
          namespace: ctx.targets.temporal.namespace,
        };
        // When Temporal itself goes away, every further call would fail the same way after its own
        // wait: stop there, and say which workflows were left.
        const serverGone = new AbortController();
        let stoppedBy: ActionError | undefined;
        await mapConcurrently(
          targets,
          concurrency,
          AbortSignal.any([ctx.signal, serverGone.signal]),
          ({ workflowId, runId }) =>
            withinCallDeadline(client, rpcTimeoutMs, () =>
              client.workflowService.terminateWorkflowExecution({
                namespace: client.options.namespace,
                identity: client.options.identity,
                workflowExecution: { workflowId, runId },
                reason: ctx.reason!,
              }),
            ),
          ({ workflowId, runId }, outcome) => {
            if (outcome.status === 'rejected') {
              const error = translateTemporalError(outcome.reason, where);
              if (error instanceof ActionError && STOPS_THE_BATCH.has(error.code)) {
                stoppedBy ??= error;
                serverGone.abort();
              }
              const item = { workflowId, runId, ok: false, error: errorMessage(error) };
              done.push(item);
              progress.settled(item);
              return;
            }
            const item = { workflowId, runId, ok: true };
            done.push(item);
            progress.settled(item);
          },
        );
        progress.flush();
        const settled = new Set(done.map((item) => item.workflowId));
        const result = {
          query: filter,
          matched: targets.length,
          succeeded: done
            .filter((item) => item.ok)
            .map(({ workflowId, runId }) => ({ workflowId, runId })),
          failed: done.filter((item) => !item.ok),
          notAttempted: targets.filter((target) => !settled.has(target.workflowId)),
        };
        if (stoppedBy || ctx.signal.aborted) throw incomplete(result, stoppedBy);
        return result;
      },
      { timeoutMs: manyCallsTimeout(rpcTimeoutMs, cap, concurrency) },
    );
  },
});

/** Item failures that mean the server is gone or stuck, not that one workflow could not be ended. */
const STOPS_THE_BATCH = new Set(['target_unreachable', 'deadline_exceeded']);

/**
 * A batch that stopped part-way: the error says how far it got and how to finish it; `partial`
 * carries every workflow's fate to the person and, as a digest, to the audit trail.
 */
function incomplete(
  result: {
    query: string;
    matched: number;
    succeeded: unknown[];
    failed: unknown[];
    notAttempted: unknown[];
  },
  stoppedBy: ActionError | undefined,
): ActionError {
  const counts = `${result.succeeded.length} of ${result.matched} terminated, ${result.failed.length} failed, ${result.notAttempted.length} not attempted`;
  const resume =
    'Run the same step again once Temporal answers: only running workflows match, so it terminates just the ones left.';
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
