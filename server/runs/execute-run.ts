import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ActionError } from '../errors.ts';
import type { Risk } from '../actions/define-action.ts';
import { findAction } from '../actions/registry.ts';
import type { Targets } from '../targets/targets.ts';
import { parseOrThrow } from '../validation.ts';

/** The body of `POST /api/runs`. */
export const runRequestSchema = z.strictObject({
  action: z.string().min(1).describe('Action id, e.g. temporal.workflow.describe'),
  input: z.record(z.string(), z.unknown()).default({}),
});
export type RunRequest = z.input<typeof runRequestSchema>;

export interface RunOutcome<Result = unknown> {
  id: string;
  action: string;
  risk: Risk;
  startedAt: string;
  durationMs: number;
  result: Result;
}

interface RunDeps {
  targets: Targets;
  log: Logger;
}

/**
 * The one path every execution takes: find the action, validate its input, run it.
 * (Policy and the audit trail slot in here, before `run`, so nothing can skip them.)
 */
export async function executeRun(
  { targets, log }: RunDeps,
  body: unknown,
  signal: AbortSignal,
): Promise<RunOutcome> {
  const request = parseOrThrow(runRequestSchema, body, {
    what: 'run request',
    code: 'invalid_body',
    hint: 'Send {"action": "<action id>", "input": {…}}; GET /api/actions lists the actions and their inputs.',
  });
  const action = findAction(request.action);
  if (!action) {
    throw new ActionError('unknown_action', `There is no action "${request.action}".`, {
      hint: 'GET /api/actions lists every action id.',
    });
  }
  const input = parseOrThrow(action.input, request.input, {
    what: `input for ${action.id}`,
    hint: 'GET /api/actions shows the JSON Schema of each action input.',
  });

  const id = randomUUID();
  const startedAt = new Date();
  const runLog = log.child({ runId: id, action: action.id });
  runLog.info({ risk: action.risk }, 'run started');
  try {
    const result = await action.run({ targets, signal, log: runLog }, input);
    const durationMs = Date.now() - startedAt.getTime();
    runLog.info({ durationMs }, 'run finished');
    return {
      id,
      action: action.id,
      risk: action.risk,
      startedAt: startedAt.toISOString(),
      durationMs,
      result,
    };
  } catch (error) {
    const durationMs = Date.now() - startedAt.getTime();
    if (error instanceof ActionError) {
      runLog.warn({ code: error.code, error: error.message, durationMs }, 'run failed');
      throw new ActionError(error.code, error.message, {
        hint: error.hint,
        actionId: action.id,
        cause: error.cause,
      });
    }
    runLog.error({ err: error, durationMs }, 'run failed unexpectedly');
    throw error;
  }
}
