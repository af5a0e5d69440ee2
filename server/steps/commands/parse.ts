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
  // `describe pod … | grep -A20 Events` is what kubernetes.pod.events answers by itself.
  if (
    mapping.action === 'kubernetes.pod.events' &&
    filters[0]?.kind === 'grep' &&
    /events/i.test(filters[0].pattern)
  ) {
    filters.shift();
  }
  const params = new Set<string>();
  const filled = JSON.parse(
    JSON.stringify(input, (_, value: unknown) =>
      typeof value === 'string' ? parameterize(value, params) : value,
    ),
  ) as Record<string, unknown>;
  return {
    runnable: true,
    command,
    action: mapping.action,
    input: filled,
    reason: mapping.reason ?? null,
    filters,
    params: [...params],
    ...(redirect ? { download: redirect[1]!.split('/').at(-1)! } : {}),
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

export interface BlockStep {
  /** The comment above the command, e.g. "1. Check workflow status". */
  label: string | null;
  parsed: ParsedCommand;
}

/**
 * The seed's shell loops over `temporal workflow list`, which Runsheet's batch actions do safely
 * (bounded, previewed, one audited run): terminate every match, or find long histories.
 */
export function parseLoop(loop: string): ParsedCommand {
  const query = /temporal workflow list --query '([^']*)'/.exec(loop)?.[1];
  const cap = /\|\s*head -(\d+)/.exec(loop)?.[1];
  const terminate = /temporal workflow terminate[\s\S]*?--reason "([^"]*)"/.exec(loop);
  const threshold = /Total Events[\s\S]*-gt (\d+)/.exec(loop)?.[1];
  const base = { runnable: true as const, command: loop, filters: [], params: [] };
  if (query !== undefined && terminate) {
    return {
      ...base,
      action: 'temporal.batch.terminate',
      input: { query, ...(cap ? { cap: Number(cap) } : {}) },
      reason: terminate[1]!,
    };
  }
  const type = query && /^WorkflowType="([\w.-]+)"$/.exec(query)?.[1];
  if (type && threshold) {
    return {
      ...base,
      action: 'temporal.workflow.historyScan',
      input: { workflowType: type, threshold: Number(threshold) },
      reason: null,
    };
  }
  return {
    runnable: false,
    command: loop,
    reason: 'Copy-only: a shell loop that no single action reproduces safely.',
  };
}

/** A fenced shell block: comments label the next command, `\` joins continued lines, loops stay whole. */
export function parseBlock(text: string): BlockStep[] {
  const steps: BlockStep[] = [];
  let label: string | null = null;
  let pending = '';
  let loop: string[] | null = null;
  for (const raw of text.split('\n')) {
    if (loop) {
      loop.push(raw.trim());
      if (/^done\b/.test(raw.trim())) {
        steps.push({ label, parsed: parseLoop(loop.join('\n')) });
        [loop, label, pending] = [null, null, ''];
      }
      continue;
    }
    if (/\|\s*while read\b/.test(raw) || /^\s*(while|for)\s/.test(raw)) {
      loop = [`${pending}${raw.trim()}`];
      continue;
    }
    const line = raw.replace(/\s+#\s.*$/, (match) => (/['"]/.test(match) ? match : '')).trimEnd();
    if (!pending && /^\s*#/.test(line)) {
      label = line.replace(/^\s*#\s*/, '') || label;
      continue;
    }
    if (!line.trim() && !pending) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    const command = `${pending}${line.trim()}`.trim();
    pending = '';
    if (command) steps.push({ label, parsed: parseCommand(command) });
    label = null;
  }
  if (pending.trim()) steps.push({ label, parsed: parseCommand(pending.trim()) });
  return steps;
}
