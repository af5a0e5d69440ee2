import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { mapConcurrently, progressReporter } from '../../runs/concurrency.ts';
import { nameSchema, visibilityQuerySchema } from './shared/schemas.ts';
import { listExecutions, runningMatching } from './shared/visibility.ts';
import { manyCallsTimeout, withinCallDeadline } from './shared/deadlines.ts';
import { describeExecution, type WorkflowDescription } from './shared/workflow.ts';

/** Temporal's default hard limit on events in one history; at it, the workflow is terminated. */
const HISTORY_EVENT_LIMIT = 51_200;

export interface HistorySize {
  workflowId: string;
  runId: string;
  historyLength: number;
  historySizeBytes: number | null;
  percentOfLimit: number;
}

export default defineAction({
  id: 'temporal.workflow.historyScan',
  title: 'Scan history sizes',
  summary:
    'Finds the running workflows of a type whose history is past a threshold (default 40,000 events), describing them a few at a time.',
  risk: 'read',
  input: z.strictObject({
    workflowType: nameSchema('workflow type', 'ReprocessingOrchestrationWorkflow'),
    query: visibilityQuerySchema
      .default('')
      .describe('Further narrows the running workflows of that type'),
    threshold: z
      .number()
      .int()
      .min(1)
      .default(40_000)
      .describe('Report histories with at least this many events'),
    concurrency: z
      .number()
      .int()
      .min(1)
      // A describe is a cheap read: a scan may go as wide as the server serves best.
      .max(256)
      .default(16)
      .describe('Workflows described at once'),
    maxWorkflows: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(10_000)
      .describe('Scan at most this many workflows'),
  }),
  run: (ctx, { workflowType, query, threshold, concurrency, maxWorkflows }) => {
    const { rpcTimeoutMs } = ctx.targets.temporal;
    return ctx.targets.temporal.call(
      ctx,
      async (client) => {
        const filter = runningMatching(
          query
            ? `WorkflowType="${workflowType}" AND (${query})`
            : `WorkflowType="${workflowType}"`,
        );
        const executions = await listExecutions(client, filter, maxWorkflows);
        const sizes: HistorySize[] = [];
        const over: HistorySize[] = [];
        const progress = progressReporter<HistorySize>(ctx.progress, executions.length);
        const outcomes = await mapConcurrently(
          executions,
          concurrency,
          ctx.signal,
          ({ workflowId, runId }) =>
            withinCallDeadline(client, rpcTimeoutMs, () =>
              describeExecution(client, workflowId, runId),
            ),
          (_, outcome) => {
            if (outcome.status !== 'fulfilled') return progress.settled();
            const size = historySize(outcome.value);
            sizes.push(size);
            if (size.historyLength < threshold) return progress.settled();
            over.push(size);
            progress.settled(size);
          },
        );
        progress.flush();
        const failed = outcomes.filter((outcome) => outcome.status === 'rejected').length;
        return {
          workflowType,
          threshold,
          scanned: sizes.length,
          failed,
          truncated: executions.length >= maxWorkflows,
          over: over.sort(byLength),
          largest: sizes.sort(byLength).slice(0, 10),
        };
      },
      { timeoutMs: manyCallsTimeout(rpcTimeoutMs, maxWorkflows, concurrency) },
    );
  },
});

function historySize({
  workflowId,
  runId,
  historyLength,
  historySizeBytes,
}: WorkflowDescription): HistorySize {
  const percentOfLimit = Math.round((historyLength / HISTORY_EVENT_LIMIT) * 100);
  return { workflowId, runId, historyLength, historySizeBytes, percentOfLimit };
}

const byLength = (a: HistorySize, b: HistorySize) => b.historyLength - a.historyLength;
