import { numberOf } from './flags.ts';
import { one, readTable, type ReadFlags } from './flag-table.ts';
import type { Mapping } from './mapping.ts';
import { TEMPORAL } from './temporal-flags.ts';

/** Global flags that take a value, so their value is not taken for `workflow` or the verb. */
const VALUED_GLOBALS =
  /^(-n|--namespace|--address|--env|--env-file|--api-key|-o|--output|--tls-[\w-]+|--grpc-meta|--codec-[\w-]+|--identity|--time-format|--color|--command-timeout|--log-level|--log-format)$/;

/** `temporal [global flags] workflow <verb> …` → the Temporal action that does the same, or why there is none. */
export function mapTemporal(words: string[]): Mapping {
  const positionalAt = (from: number) =>
    words.findIndex(
      (word, index) =>
        index >= from && !word.startsWith('-') && !VALUED_GLOBALS.test(words[index - 1] ?? ''),
    );
  const groupAt = positionalAt(0);
  const group = words[groupAt];
  if (group !== 'workflow') {
    return no(`\`temporal ${group ?? ''}\` is not a runbook step Runsheet runs`);
  }
  const verbAt = positionalAt(groupAt + 1);
  const verb = words[verbAt] ?? '';
  const table = TEMPORAL[verb];
  if (!table) return no(`\`temporal workflow ${verb}\` has no Runsheet action`);
  const rest = words.filter((_, index) => index !== groupAt && index !== verbAt);
  const read = readTable(rest, table, `\`temporal workflow ${verb}\` in Runsheet`);
  if (!read.ok) return no(read.reason);
  const flags = read.flags;
  if (flags.positional.length)
    return no(`\`${flags.positional.join(' ')}\`: temporal takes flags only here`);
  const id = one(flags, '--workflow-id');
  const run = one(flags, '--run-id');
  const execution = { ...(id ? { workflowId: id } : {}), ...(run ? { runId: run } : {}) };
  const query = one(flags, '--query');
  const reason = one(flags, '--reason');
  if (query !== undefined && (id || run)) return no('give --workflow-id or --query, not both');
  switch (verb) {
    case 'show': {
      const output = one(flags, '--output');
      if (output !== undefined && !['json', 'text'].includes(output))
        return no(`\`--output ${output}\`: the history step shows text or JSON`);
      return action('temporal.workflow.history', {
        ...execution,
        ...(output === 'json' ? { format: 'cli-json' } : {}),
      });
    }
    case 'describe':
      return action('temporal.workflow.describe', {
        ...execution,
        ...(flags.switches.has('--raw') ? { raw: true } : {}),
      });
    case 'query': {
      const names = ['--name', '--type', '--query-type'].flatMap(
        (flag) => flags.values.get(flag) ?? [],
      );
      if (names.length !== 1)
        return no('give the query name once, with --name (or the older --type)');
      const args = inputs(flags, '--input');
      return action('temporal.workflow.query', {
        ...execution,
        queryType: names[0],
        ...(args.values.length ? { args: args.values } : {}),
      });
    }
    case 'stack':
      return action('temporal.workflow.query', { ...execution, queryType: '__stack_trace' });
    case 'list':
      return action('temporal.workflow.list', {
        ...(query !== undefined ? { query } : {}),
        ...(flags.values.has('--limit') ? { limit: numberOf(one(flags, '--limit')) } : {}),
      });
    case 'count':
      return action('temporal.workflow.count', query !== undefined ? { query } : {});
    case 'signal': {
      const args = inputs(flags, '--input');
      if (args.values.length > 1) return no('the signal action sends one --input value');
      const payload = {
        signalName: one(flags, '--name'),
        ...(args.values.length ? { input: args.values[0] } : {}),
      };
      if (query !== undefined)
        return action('temporal.batch.signal', { query, ...payload }, reason);
      return action('temporal.workflow.signal', { ...execution, ...payload });
    }
    case 'cancel':
      if (query !== undefined) return action('temporal.batch.cancel', { query }, reason);
      return action('temporal.workflow.cancel', execution, reason);
    case 'terminate':
      if (query !== undefined) return action('temporal.batch.terminate', { query }, reason);
      return action('temporal.workflow.terminate', execution, reason);
    case 'start':
      return start(flags);
    case 'result':
      return action('temporal.workflow.result', execution);
    case 'reset': {
      const type = one(flags, '--type');
      const event = one(flags, '--event-id');
      if ((type === undefined) === (event === undefined))
        return no('give --type or --event-id, one of them');
      if (type !== undefined && !['FirstWorkflowTask', 'LastWorkflowTask'].includes(type)) {
        return no(
          `\`--type ${type}\`: the reset action resets to FirstWorkflowTask, LastWorkflowTask or an --event-id`,
        );
      }
      const to =
        event !== undefined
          ? { to: 'eventId', eventId: numberOf(event) }
          : { to: type === 'FirstWorkflowTask' ? 'firstWorkflowTask' : 'lastWorkflowTask' };
      return action('temporal.workflow.reset', { ...execution, ...to }, reason);
    }
  }
  return no(`\`temporal workflow ${verb}\` has no Runsheet action`);
}

function start(flags: ReadFlags): Mapping {
  const workflowId = one(flags, '--workflow-id');
  if (!workflowId)
    return no(
      '`temporal workflow start` without --workflow-id lets the server pick an id: give one',
    );
  const args = inputs(flags, '--input');
  if (args.values.length > 1) return no('the start action passes one --input value');
  const signal = one(flags, '--start-signal');
  const signalArgs = inputs(flags, '--start-signal-input');
  if (signalArgs.values.length && signal === undefined)
    return no('--start-signal-input needs --start-signal');
  return action('temporal.workflow.start', {
    taskQueue: one(flags, '--task-queue'),
    workflowType: one(flags, '--type'),
    workflowId,
    ...(args.values.length ? { input: args.values[0] } : {}),
    ...(signal !== undefined ? { startSignal: signal } : {}),
    ...(signalArgs.values.length ? { startSignalArgs: signalArgs.values } : {}),
  });
}

function action(id: string, input: Record<string, unknown>, reason?: string): Mapping {
  return { ok: true, action: id, input, ...(reason ? { reason } : {}) };
}

const no = (reason: string): Mapping => ({ ok: false, reason });

/** Each value of a JSON flag, parsed; text that is not JSON (e.g. `{...original input...}`) is kept as text. */
function inputs(flags: ReadFlags, name: string): { values: unknown[] } {
  return {
    values: (flags.values.get(name) ?? []).map((raw) => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return raw;
      }
    }),
  };
}
