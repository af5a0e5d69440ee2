import { numberOf, readFlags, type Flags } from './flags.ts';
import type { Mapping } from './mapping.ts';

const ALIASES = {
  '-w': 'workflow-id',
  '-r': 'run-id',
  '-q': 'query',
  '-o': 'output',
  '-t': 'task-queue',
};

/** `temporal workflow <verb> …` → the Temporal action that does the same, or why there is none. */
export function mapTemporal(words: string[]): Mapping {
  const [group, verb, ...rest] = words;
  if (group !== 'workflow')
    return { ok: false, reason: `\`temporal ${group ?? ''}\` is not a runbook step Runsheet runs` };
  const flags = readFlags(rest, ALIASES, []);
  const id = flags.values.get('workflow-id');
  const run = flags.values.get('run-id');
  const execution = { ...(id ? { workflowId: id } : {}), ...(run ? { runId: run } : {}) };
  switch (verb) {
    case 'show':
      return action('temporal.workflow.history', {
        ...execution,
        ...(flags.values.get('output') === 'json' ? { format: 'cli-json' } : {}),
      });
    case 'describe':
      return action('temporal.workflow.describe', execution);
    case 'query':
      return action('temporal.workflow.query', {
        ...execution,
        queryType: flags.values.get('query-type') ?? flags.values.get('type'),
        ...json(flags, 'input', (value) => ({ args: [value] })),
      });
    case 'list':
      return action('temporal.workflow.list', {
        ...(flags.values.has('query') ? { query: flags.values.get('query') } : {}),
        ...(flags.values.has('limit') ? { limit: numberOf(flags.values.get('limit')) } : {}),
      });
    case 'count':
      return action(
        'temporal.workflow.count',
        flags.values.has('query') ? { query: flags.values.get('query') } : {},
      );
    case 'signal':
      return action('temporal.workflow.signal', {
        ...execution,
        signalName: flags.values.get('name'),
        ...json(flags, 'input', (value) => ({ input: value })),
      });
    case 'cancel':
      return action('temporal.workflow.cancel', execution, flags.values.get('reason'));
    case 'terminate':
      return action('temporal.workflow.terminate', execution, flags.values.get('reason'));
    case 'start':
      return action('temporal.workflow.start', {
        taskQueue: flags.values.get('task-queue'),
        workflowType: flags.values.get('type'),
        workflowId: id,
        ...json(flags, 'input', (value) => ({ input: value })),
      });
    default:
      return {
        ok: false,
        reason: `\`temporal workflow ${verb ?? ''}\` has no Runsheet action yet`,
      };
  }
}

function action(id: string, input: Record<string, unknown>, reason?: string): Mapping {
  return { ok: true, action: id, input, ...(reason ? { reason } : {}) };
}

/** A JSON flag value, parsed; text that is not JSON (e.g. `{...original input...}`) is kept as text. */
function json(flags: Flags, name: string, wrap: (value: unknown) => Record<string, unknown>) {
  const raw = flags.values.get(name);
  if (raw === undefined) return {};
  try {
    return wrap(JSON.parse(raw));
  } catch {
    return wrap(raw);
  }
}
