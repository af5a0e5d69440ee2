/**
 * `runsheet`: the actions from a terminal, with the same validation, policy, risk gate and audit
 * trail as the web page (it calls the same executeRun). Configuration as for the server:
 * runsheet.config.json (or RUNSHEET_CONFIG) and RUNSHEET_* variables.
 */
import { createInterface } from 'node:readline/promises';
import { pino } from 'pino';
import { actions } from '../actions/registry.ts';
import { verifyTrail } from '../audit/verify-trail.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { ActionError } from '../errors.ts';
import { createLogger } from '../log.ts';
import { EXIT, exitCodeOf } from './exit-codes.ts';
import { UsageError } from './input-flags.ts';
import { runCommand, type CliIo } from './run-command.ts';

const USAGE = `Usage:
  runsheet run <action> --<input> <value> … [--yes] [--reason <why>] [--approvalId <id>] [--incident <id>] [--json]
  runsheet run <action> --help        the inputs of one action
  runsheet actions                    every action, its risk and title
  runsheet audit verify [--head <json>]  check the audit trail (against a published head)

Inputs: --name value or --name=value; booleans as --name / --no-name; nested as --grep.pattern x;
objects and arrays as JSON. Write actions print their preview and stop unless --yes is given;
destructive ones also need --reason.
Exit codes: 0 done, 1 failed, 2 bad command or input, 3 not confirmed or refused, 4 not allowed,
130 interrupted.`;

const io: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  ask: process.stdin.isTTY && process.stderr.isTTY ? ask : undefined,
  signal: interruptSignal(),
};

// `runsheet actions | head`: the reader left, which is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  throw error;
});

process.exitCode = await main(process.argv.slice(2)).catch(report);

async function main(words: string[]): Promise<number> {
  const [command, ...rest] = words;
  if (!command) {
    io.err(USAGE);
    return EXIT.usage;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return EXIT.ok;
  }
  if (command === 'actions') {
    for (const action of actions)
      io.out(`${action.id.padEnd(36)} ${action.risk.padEnd(12)} ${action.title}`);
    return EXIT.ok;
  }
  const config = loadConfig();
  if (command === 'run') return runCommand(config, cliLogger(config), rest, io);
  if (command === 'audit' && rest[0] === 'verify') {
    const head = rest.length === 3 && rest[1] === '--head' ? rest[2] : undefined;
    if (rest.length === 1 || head !== undefined) return verifyTrail(config.audit, io.out, head);
  }
  throw new UsageError(`Unknown command "${words.join(' ')}".\n\n${USAGE}`);
}

/** Errors as a person reads them: what happened, then what to do; the exit code says which kind. */
function report(error: unknown): number {
  if (error instanceof UsageError || error instanceof ConfigError) {
    io.err(`runsheet: ${error.message}`);
    return EXIT.usage;
  }
  if (error instanceof ActionError) {
    io.err(`runsheet: ${error.message}${error.hint ? `\n  ${error.hint}` : ''}`);
    return exitCodeOf(error.code);
  }
  io.err(`runsheet: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT.failed;
}

/** JSON logs go to stderr, warnings and worse only: stdout carries the result. */
function cliLogger(config: Config) {
  const quiet = ['fatal', 'error', 'silent'].includes(config.logLevel) ? config.logLevel : 'warn';
  return createLogger(quiet, pino.destination(2));
}

async function ask(question: string): Promise<string> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await prompt.question(question);
  } finally {
    prompt.close();
  }
}

/** Ctrl-C cancels the run (recorded as cancelled); a second one quits at once. */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    io.err('Cancelling…');
    controller.abort();
    process.once('SIGINT', () => process.exit(EXIT.cancelled));
  });
  return controller.signal;
}
