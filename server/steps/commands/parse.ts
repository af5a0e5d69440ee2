import { findAction } from '../../actions/registry.ts';
import { whyCannotRun } from '../can-run.ts';
import { parseFilter, type OutputFilter } from './filters.ts';
import { parameterize } from '../step-template.ts';
import { mapKubectl } from './kubectl.ts';
import { mapMongo } from './mongo.ts';
import { mapTemporal } from './temporal.ts';
import type { Mapping } from './mapping.ts';
import { tokenize } from './tokenize.ts';

/** One command line of a runbook, as Runsheet runs it — or a copy-only block that says why. */
export type ParsedCommand =
  | {
      runnable: true;
      command: string;
      action: string;
      input: Record<string, unknown>;
      /** `--reason` given on the line: becomes the run's reason. */
      reason: string | null;
      filters: OutputFilter[];
      /** Values the page must supply, from `<pod-name>` and `$VAR` placeholders. */
      params: string[];
      /** `> file` in the runbook: the result is offered for download under this name. */
      download?: string;
      /** `--dry-run` on the line: the step shows the change's preview and never makes it. */
      previewOnly?: true;
    }
  | { runnable: false; command: string; reason: string };

const MAPPERS: Record<string, (words: string[]) => Mapping> = {
  temporal: (words) => mapTemporal(words.slice(1)),
  kubectl: (words) => mapKubectl(words.slice(1)),
  mongo: mapMongo,
  mongosh: mapMongo,
};

/** Whether a line calls one of the tools Runsheet has actions for (runnable or not). */
export function callsTool(command: string): boolean {
  return Object.hasOwn(MAPPERS, command.trimStart().split(/\s/, 1)[0]!);
}

/** Maps one command line (continuations already joined). Never throws; never runs anything. */
export function parseCommand(command: string): ParsedCommand {
  const refuse = (reason: string): ParsedCommand => ({
    runnable: false,
    command,
    reason: `Copy-only: ${reason}.`,
  });
  // `… > /tmp/file.json` at the very end: offered as a download; Runsheet never writes files.
  const redirect = /\s>\s*(\S+)\s*$/.exec(command);
  const tokens = tokenize(redirect ? command.slice(0, redirect.index) : command);
  if (!tokens.ok) return refuse(tokens.reason);
  const [first, ...rest] = tokens.stages;
  const mapper = MAPPERS[first![0]!];
  if (!mapper) return refuse(`\`${first![0]}\` is not a temporal, kubectl or mongo command`);
  let mapping: Mapping;
  try {
    mapping = mapper(first!);
  } catch {
    return refuse('the command line could not be read');
  }
  if (!mapping.ok) return refuse(mapping.reason);
  const unclear = unclearValue(mapping.input);
  if (unclear) return refuse(unclear);

  const filters: OutputFilter[] = [];
  for (const stage of rest) {
    const parsed = parseFilter(stage);
    if (!parsed.ok) return refuse(parsed.reason);
    filters.push(parsed.filter);
  }
  const input = { ...mapping.input };
  // A grep right after kubectl logs runs in the backend, next to the logs, like the seed meant it.
  if (mapping.action === 'kubernetes.pods.logs' && filters[0]?.kind === 'grep') {
    const { pattern, ignoreCase, invert, after, before } = filters.shift() as Extract<
      OutputFilter,
      { kind: 'grep' }
    >;
    input['grep'] = { pattern, ignoreCase, invert, after, before };
  }
  let action = mapping.action;
  // `describe pod … | grep -A20 Events` is what kubernetes.pod.events answers by itself.
  if (
    action === 'kubernetes.pod.describe' &&
    filters[0]?.kind === 'grep' &&
    /events/i.test(filters[0].pattern)
  ) {
    filters.shift();
    action = 'kubernetes.pod.events';
    input['pod'] = input['name'];
    delete input['name'];
  }
  const untaken = untakenInput(action, input);
  if (untaken) return refuse(untaken);
  const params = new Set<string>();
  const filled = JSON.parse(
    JSON.stringify(input, (_, value: unknown) =>
      typeof value === 'string' ? parameterize(value, params) : value,
    ),
  ) as Record<string, unknown>;
  // Only steps that can run: a line whose input no value of its placeholders could make valid
  // stays copy-only, with the schema's own message.
  const cannot = whyCannotRun(action, filled);
  if (cannot) return refuse(cannot);
  return {
    runnable: true,
    command,
    action,
    input: filled,
    reason: mapping.reason ?? null,
    filters,
    params: [...params],
    ...(redirect ? { download: redirect[1]!.split('/').at(-1)! } : {}),
    ...(mapping.previewOnly ? { previewOnly: true as const } : {}),
  };
}

/**
 * Why a mapped input cannot run as written, or null: a count that is not a number (the seed's
 * `--replicas=N`), or a value the runbook leaves out (`--input '{...}'`).
 */
function unclearValue(input: Record<string, unknown>): string | null {
  for (const [name, value] of Object.entries(input)) {
    if (typeof value === 'number' && Number.isNaN(value)) {
      return `${name} is not a number on this line: write the number, or a placeholder such as <${name}> for the page to ask for`;
    }
    if (typeof value === 'string' && value.includes('...')) {
      return `the line leaves ${name} out (\`${value}\`): write it in full, or a placeholder such as <${name}> for the page to ask for`;
    }
  }
  return null;
}

/** What a line says, by the input it became, for a refusal that names the line's own words. */
const SAID: Record<string, string> = {
  name: 'a NAME',
  allNamespaces: '-A/--all-namespaces',
  fieldSelector: '--field-selector',
  selector: '-l/--selector',
  namespace: '-n/--namespace',
};

/** An input the action has no field for (`kubectl get svc NAME`), said in the line's words. */
function untakenInput(actionId: string, input: Record<string, unknown>): string | null {
  const shape = (findAction(actionId)?.input as unknown as { shape?: object } | undefined)?.shape;
  if (!shape) return null;
  const extra = Object.keys(input).filter((key) => !Object.hasOwn(shape, key));
  if (!extra.length) return null;
  const said = extra.map((key) => SAID[key] ?? key).join(', ');
  return `${actionId} takes no ${said}: the CLI would act on it, so the line cannot run as written`;
}
