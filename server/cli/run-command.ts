import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Action } from '../actions/define-action.ts';
import type { Preview } from '../actions/types.ts';
import { findAction } from '../actions/registry.ts';
import { createAuditStore } from '../audit/create-store.ts';
import type { Config } from '../config.ts';
import { ActionError } from '../errors.ts';
import { stepGateFor } from '../steps/declared-steps.ts';
import { executeRun, type RunOutcome } from '../runs/execute-run.ts';
import { rateLimit } from '../runs/rate-limit.ts';
import { closeTargets, createTargets } from '../targets/targets.ts';
import { EXIT } from './exit-codes.ts';
import { cliActor } from './identity.ts';
import { describeInputs, readInputFlags, UsageError, type RunOptions } from './input-flags.ts';
import { formatPreview, formatResult } from './print.ts';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Asks the person at the terminal; absent when no one is there (a pipe, CI). */
  ask?: ((question: string) => Promise<string>) | undefined;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

/**
 * `runsheet run <action> --<input> value …`: the HTTP path's pipeline (executeRun: validation,
 * policy, audit "started", risk gate, run, audit "finished"), entered from a terminal.
 */
export async function runCommand(
  config: Config,
  log: Logger,
  words: readonly string[],
  io: CliIo,
): Promise<number> {
  const [actionId, ...rest] = words;
  if (!actionId || actionId.startsWith('-')) {
    throw new UsageError(
      'Name the action: runsheet run <action> --<input> <value> …  (`runsheet actions` lists them).',
    );
  }
  const action = findAction(actionId);
  if (!action) {
    throw new ActionError('unknown_action', `There is no action "${actionId}".`, {
      hint: '`runsheet actions` lists every action id.',
    });
  }
  const { input, options } = readInputFlags(action, rest);
  if (options.help) {
    io.out(describeInputs(action));
    return EXIT.ok;
  }
  const actor = cliActor(config);
  const targets = createTargets(config);
  const audit = createAuditStore(config.audit);
  // No sandbox here, so no "sandbox" default: unnamed means the strictest.
  const environment = config.environment ?? 'production';
  const deps = {
    targets,
    log,
    audit,
    identity: config.identity,
    policy: config.policy,
    rateLimit: rateLimit(config.policy.writeRunsPerMinute),
    environment,
    // The same gate as the backend: outside the sandbox, an action typed at a terminal is an
    // ad-hoc call, which runs only where `steps: any` says such calls are acceptable.
    steps: stepGateFor(config.steps, environment, config.server.siteDir),
  };
  const attempt = (confirm: boolean, reason: string | undefined) =>
    executeRun(deps, {
      body: {
        action: action.id,
        input,
        confirm,
        ...(reason ? { reason } : {}),
        ...(options.approvalId ? { approvalId: options.approvalId } : {}),
        // Ad hoc on an incident: recorded with the command as typed (executeRun redacts it).
        ...(options.incident
          ? { incidentId: options.incident, line: ['runsheet', 'run', ...words].join(' ') }
          : {}),
      },
      actor,
      signal: io.signal,
      // One id per invocation ties the audit records to the log lines, as X-Request-Id does.
      requestId: `cli-${randomUUID()}`,
      onProgress: (update) =>
        io.err(
          [update.total ? `${update.done ?? 0}/${update.total}` : undefined, update.message]
            .filter(Boolean)
            .join(' '),
        ),
    });
  try {
    let outcome: RunOutcome;
    let previewShown = false;
    try {
      outcome = await attempt(options.yes, options.reason);
    } catch (error) {
      const confirmed = await confirmAtTerminal(error, action, options, io);
      if (!confirmed) throw inTerminalTerms(error);
      previewShown = true;
      outcome = await attempt(true, confirmed.reason).catch((retry: unknown) => {
        throw inTerminalTerms(retry);
      });
    }
    print(outcome, options, io, previewShown);
    return EXIT.ok;
  } finally {
    await closeTargets(targets);
    await audit.close();
  }
}

function print(outcome: RunOutcome, options: RunOptions, io: CliIo, previewShown: boolean): void {
  if (options.json) {
    io.out(JSON.stringify(outcome, null, 2));
    return;
  }
  if (outcome.preview && !previewShown) io.err(formatPreview(outcome.preview));
  io.out(formatResult(outcome.result));
  io.err(`${outcome.action} done in ${outcome.durationMs} ms (run ${outcome.id}).`);
}

/**
 * Without --yes a write or destructive action stops at its preview (recorded as refused, like a
 * web run the person did not confirm). At a terminal the person can confirm right there; elsewhere
 * the error says which flags to add.
 */
/** The API's hints name JSON fields; at a terminal they are flags. */
function inTerminalTerms(error: unknown): unknown {
  if (!(error instanceof ActionError) || error.code !== 'approval_required') return error;
  return new ActionError(error.code, error.message, {
    hint: 'Ask another admin to approve it on the audit page, then run the same command with --approvalId <the request id above>.',
    actionId: error.actionId,
  });
}

async function confirmAtTerminal(
  error: unknown,
  action: Action,
  options: RunOptions,
  io: CliIo,
): Promise<{ reason: string | undefined } | undefined> {
  if (!(error instanceof ActionError) || error.code !== 'confirmation_required') return undefined;
  const preview: Preview | undefined = error.preview;
  if (preview) io.err(formatPreview(preview));
  const needsReason = action.risk === 'destructive' && !options.reason;
  const flags = needsReason ? '--yes --reason "<why, e.g. the incident ticket>"' : '--yes';
  if (!io.ask || options.yes) {
    throw new ActionError('confirmation_required', error.message, {
      hint: `Check what it would do above, then run the same command with ${flags}.`,
      actionId: action.id,
    });
  }
  const reason = needsReason
    ? (await io.ask('Reason (recorded with the run): ')).trim() || undefined
    : options.reason;
  if (action.risk === 'destructive' && !reason) {
    throw new ActionError('confirmation_required', `${action.title} needs a reason.`, {
      hint: `Run it again with ${flags}.`,
      actionId: action.id,
    });
  }
  const answer = await io.ask(`Type "yes" to ${preview?.summary ?? action.title}: `);
  if (answer.trim().toLowerCase() !== 'yes') {
    throw new ActionError('confirmation_required', 'Not confirmed: nothing was changed.', {
      actionId: action.id,
    });
  }
  return { reason };
}
