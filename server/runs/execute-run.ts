import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type {
  Action,
  ActionContext,
  Actor,
  Preview,
  Progress,
  Risk,
} from '../actions/define-action.ts';
import { findAction } from '../actions/registry.ts';
import { ActionError } from '../errors.ts';
import type { Targets } from '../targets/targets.ts';
import { parseOrThrow } from '../validation.ts';

/** The body of `POST /api/runs`. */
export const runRequestSchema = z.strictObject({
  action: z.string().min(1).describe('Action id, e.g. temporal.workflow.describe'),
  input: z.record(z.string(), z.unknown()).default({}),
  /** The person saw the preview and wants the write or destructive action done. */
  confirm: z.boolean().default(false),
  /** Why; required for destructive actions, recorded with every run. */
  reason: z.string().trim().min(1).max(1000).optional(),
});
export type RunRequest = z.input<typeof runRequestSchema>;

export interface RunOutcome<Result = unknown> {
  id: string;
  action: string;
  risk: Risk;
  actor: string;
  startedAt: string;
  durationMs: number;
  /** What the action said it would do (write and destructive actions). */
  preview: Preview | null;
  result: Result;
}

export interface RunDeps {
  targets: Targets;
  log: Logger;
}

export interface RunCall {
  body: unknown;
  actor: Actor;
  signal: AbortSignal;
  onProgress?: (update: Progress) => void;
}

/**
 * The one path every execution takes: validate, check the risk gate, run.
 * (Policy and the audit trail slot in here, before `run`, so nothing can skip them.)
 */
export async function executeRun(
  { targets, log }: RunDeps,
  { body, actor, signal, onProgress = () => {} }: RunCall,
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
  const runLog = log.child({ runId: id, action: action.id, actor: actor.id });
  const ctx: ActionContext = {
    targets,
    signal,
    log: runLog,
    actor,
    reason: request.reason,
    progress: onProgress,
  };
  const startedAt = new Date();
  try {
    const preview = await riskGate(action, ctx, input, request.confirm);
    runLog.info({ risk: action.risk, reason: request.reason }, 'run started');
    const result = await action.run(ctx, input);
    const durationMs = Date.now() - startedAt.getTime();
    runLog.info({ durationMs }, 'run finished');
    return {
      id,
      action: action.id,
      risk: action.risk,
      actor: actor.id,
      startedAt: startedAt.toISOString(),
      durationMs,
      preview,
      result,
    };
  } catch (error) {
    const durationMs = Date.now() - startedAt.getTime();
    if (error instanceof ActionError) {
      runLog.warn({ code: error.code, error: error.message, durationMs }, 'run refused or failed');
      throw new ActionError(error.code, error.message, {
        hint: error.hint,
        preview: error.preview,
        actionId: action.id,
        cause: error.cause,
      });
    }
    runLog.error({ err: error, durationMs }, 'run failed unexpectedly');
    throw error;
  }
}

/**
 * Reads run at once. A write needs `confirm: true`; a destructive action also a reason.
 * Without them the answer is 409 with the preview, so the person sees exactly what would happen.
 */
async function riskGate(
  action: Action,
  ctx: ActionContext,
  input: unknown,
  confirm: boolean,
): Promise<Preview | null> {
  if (action.risk === 'read') return null;
  if (!action.preview) throw new Error(`${action.id} is ${action.risk} but has no preview`);
  const preview = await action.preview(ctx, input);
  if (preview.blocked) {
    throw new ActionError('precondition_failed', preview.blocked, { preview });
  }
  if (!confirm) {
    throw new ActionError('confirmation_required', `Confirm to ${lowerFirst(preview.summary)}`, {
      hint: 'Review the preview, then send the same request with "confirm": true.',
      preview,
    });
  }
  if (action.risk === 'destructive' && !ctx.reason) {
    throw new ActionError(
      'confirmation_required',
      `${action.title} is destructive: give a reason to ${lowerFirst(preview.summary)}`,
      {
        hint: 'Send the same request with "confirm": true and a "reason" (e.g. the incident ticket); it is recorded with the run.',
        preview,
      },
    );
  }
  return preview;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
