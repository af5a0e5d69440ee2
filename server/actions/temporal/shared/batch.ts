import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { ActionContext } from '../../define-action.ts';
import type { Preview } from '../../types.ts';
import { ActionError } from '../../../errors.ts';
import { runEachItem, type BatchResult, type Execution } from './batch-client.ts';
import { engineUnavailable, runOnServer, type ServerOperation } from './batch-server.ts';
import { manyCallsTimeout } from './deadlines.ts';
import { visibilityQuerySchema } from './schemas.ts';
import { listExecutions, runningMatching } from './visibility.ts';

/**
 * The batch actions (terminate, cancel, signal every running workflow a query matches): one
 * preview, one cap, one confirmation, and the same result whichever path does the work.
 */

export const HARD_CAP = 100_000;
const SAMPLE = 20;

export const batchInputShape = {
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
    .describe('Calls in flight at once, when Runsheet does each workflow itself'),
};

export interface BatchInput {
  query: string;
  cap: number;
  concurrency: number;
}

export interface BatchOperation {
  operation: BatchResult['operation'];
  /** "Terminate", "Request cancellation of", "Send signal waveAssigned to". */
  doing: string;
  warnings: string[];
  /** The reason recorded in each workflow's history (Temporal requires one for a batch job). */
  reason: string;
  /** The client path: one workflow. */
  one(client: Client, execution: Execution): Promise<unknown>;
  /** The server path: the operation part of StartBatchOperation, with the person's identity. */
  server(identity: string): ServerOperation;
  /** What each workflow's history records when the engine does it rather than Runsheet. */
  serverRecords: string;
  /** Checks a sample of the matches can take it (a signal they handle…); a reason to block, or undefined. */
  check?(client: Client, sample: Execution[]): Promise<string | undefined>;
}

export async function previewBatch(
  ctx: ActionContext,
  { query, cap }: BatchInput,
  op: BatchOperation,
): Promise<Preview> {
  return ctx.targets.temporal.call(ctx, async (client) => {
    const filter = runningMatching(query);
    const { count } = await client.workflow.count(filter);
    const sample = await listExecutions(client, filter, SAMPLE);
    const summary = `${op.doing} ${count} running workflow${count === 1 ? '' : 's'} matching ${filter}`;
    const base = { summary, count, affected: sample, details: { query: filter, cap } };
    if (count === 0) return { ...base, blocked: `No running workflow matches ${filter}.` };
    if (count > cap) {
      return {
        ...base,
        blocked: `${count} running workflows match, over the cap of ${cap}. Narrow the query, or raise cap (up to ${HARD_CAP}) if you do mean all of them.`,
      };
    }
    const blocked = await op.check?.(client, sample);
    const onServer = count >= ctx.targets.temporal.serverBatchThreshold;
    const engine = onServer
      ? `${count} is at least ${ctx.targets.temporal.serverBatchThreshold} (temporal.serverBatchThreshold): a Temporal batch job does this, at the pace the server allows, and reports counts rather than each workflow. ${op.serverRecords}`
      : undefined;
    return {
      ...base,
      details: { ...base.details, engine: onServer ? 'server' : 'client' },
      warnings: [...op.warnings, ...(engine ? [engine] : [])],
      ...(blocked ? { blocked } : {}),
    };
  });
}

/**
 * Counts first, and refuses over the cap. From `temporal.serverBatchThreshold` matches on, Temporal's
 * batch engine does the work; below it (or where the server has no batch engine) Runsheet calls
 * Temporal once per workflow and reports each.
 */
export function runBatch(
  ctx: ActionContext,
  { query, cap, concurrency }: BatchInput,
  op: BatchOperation,
): Promise<BatchResult> {
  const { rpcTimeoutMs, serverBatchThreshold } = ctx.targets.temporal;
  return ctx.targets.temporal.call(
    ctx,
    async (client) => {
      const filter = runningMatching(query);
      // The engine acts on whatever matches when it runs: workflows started after this count are
      // kept out of its query, so the cap holds there too.
      const countedAt = new Date().toISOString();
      const { count } = await client.workflow.count(filter);
      if (count > cap) throw overCap(cap, filter);
      if (count > 0 && count >= serverBatchThreshold) {
        try {
          return await runOnServer(ctx, client, {
            operation: op.operation,
            query: `${filter} AND StartTime <= "${countedAt}"`,
            matched: count,
            reason: op.reason,
            request: op.server(client.options.identity ?? ctx.actor.id),
          });
        } catch (error) {
          const why = engineUnavailable(error);
          if (!why) throw error;
          ctx.log.warn({ why }, 'Temporal has no batch engine here: doing each workflow instead');
          ctx.note({ batchEngine: 'client', batchEngineUnavailable: why });
        }
      }
      const targets = await listExecutions(client, filter, cap + 1);
      if (targets.length > cap) throw overCap(cap, filter);
      return runEachItem(
        ctx,
        client,
        { operation: op.operation, query: filter, targets, concurrency },
        (execution) => op.one(client, execution),
      );
    },
    // The server path polls at its own pace; either way a deadline per wave of calls bounds it.
    { timeoutMs: manyCallsTimeout(rpcTimeoutMs, cap, Math.min(concurrency, 10)) },
  );
}

function overCap(cap: number, filter: string): ActionError {
  return new ActionError(
    'precondition_failed',
    `More than ${cap} running workflows now match ${filter}; nothing was done.`,
    { hint: 'Run the preview again: workflows were started since.' },
  );
}
