import { findAction } from '../../server/actions/registry.ts';
import { parseBlock } from '../../server/steps/commands/block.ts';
import { callsTool, type ParsedCommand } from '../../server/steps/commands/parse.ts';

/** One command line of a Markdown file, as Runsheet would render it: a step, or copy-only. */
export type CoverageLine =
  | {
      file: string;
      line: number;
      text: string;
      action: string;
      args: Record<string, unknown>;
      risk: string;
      /** `--dry-run` on the line: the step previews the change and never makes it. */
      previewOnly?: true;
    }
  | { file: string; line: number; text: string; refused: string };

/**
 * Every temporal/kubectl/mongo command line of a Markdown file's fenced blocks (any language or
 * none, as the site's reader takes them) and its table cells, each mapped or refused.
 */
export function coverageLines(file: string, markdown: string): CoverageLine[] {
  const out: CoverageLine[] = [];
  const lineAt = (offset: number) => markdown.slice(0, offset).split('\n').length;
  const blocks = /^(`{3,}|~{3,})[^\n]*\n([\s\S]*?)^\1\s*$|^\|.*`([^`\n]+)`.*\|$/gm;
  for (const match of markdown.matchAll(blocks)) {
    const [, , body, cell] = match;
    const start = lineAt(match.index) + (body === undefined ? 0 : 1);
    const source = body ?? cell ?? '';
    const seen = new Map<string, number>();
    for (const { parsed } of parseBlock(source)) {
      if (!callsTool(parsed.command)) continue;
      const first = parsed.command.split('\n')[0]!.trim();
      // The line it starts on, after the lines already reported (a block may repeat a line).
      const lines = source.split('\n');
      const from = seen.get(source) ?? 0;
      const found = lines.findIndex((text, i) => i >= from && text.trim().endsWith(first));
      const offset =
        found >= 0 ? found : lines.findIndex((text) => text.includes(first.slice(0, 40)));
      if (found >= 0) seen.set(source, found + 1);
      out.push(entry(file, start + Math.max(0, offset), parsed));
    }
  }
  return out;
}

function entry(file: string, line: number, parsed: ParsedCommand): CoverageLine {
  const text = parsed.command;
  if (!parsed.runnable) return { file, line, text, refused: parsed.reason };
  const risk = findAction(parsed.action)?.risk ?? 'unknown';
  return {
    file,
    line,
    text,
    action: parsed.action,
    args: parsed.input,
    risk,
    ...(parsed.previewOnly ? { previewOnly: true as const } : {}),
  };
}

/** `kubectl get`, `temporal workflow list`, `mongosh`: the CLI and verb a line calls. */
export function verbOf(text: string): { cli: string; verb: string } {
  const words = text.trim().split(/\s+/);
  const cli = words[0] ?? '';
  const positional = words.slice(1).filter((word, index, all) => {
    if (word.startsWith('-')) return false;
    const before = all[index - 1];
    // The value of a global flag given before the verb (`-n ns`, `--namespace ns`).
    return !(before && /^(-n|--namespace|--context|--address|--env|--kubeconfig)$/.test(before));
  });
  if (cli === 'temporal') return { cli, verb: `temporal ${positional.slice(0, 2).join(' ')}` };
  if (cli === 'kubectl') return { cli, verb: `kubectl ${positional[0] ?? ''}` };
  return { cli, verb: cli };
}

/**
 * Refusals that say Runsheet has no action for what the line does (its verb, or its kind: `kubectl
 * top node`, `temporal workflow trace`, `kubectl exec … -- ls`), as against a line with an action
 * that cannot run exactly as written (a flag, a second object, a value the schema refuses).
 */
const NO_ACTION =
  /has no Runsheet action|is not something Runsheet does|is not a runbook step Runsheet runs|is not a temporal, kubectl or mongo command|in a text editor is not a reviewable step/;

export function hasAction(line: CoverageLine): boolean {
  return 'action' in line || !NO_ACTION.test(line.refused);
}

export interface CoverageTotals {
  lines: number;
  mapped: number;
  /** Lines whose verb (and kind) Runsheet has an action for: the fidelity target's denominator. */
  withAction: number;
  byCli: Record<string, { lines: number; mapped: number; withAction: number }>;
  byReason: Record<string, number>;
}

export function totals(lines: CoverageLine[]): CoverageTotals {
  const result: CoverageTotals = { lines: 0, mapped: 0, withAction: 0, byCli: {}, byReason: {} };
  for (const line of lines) {
    const { cli } = verbOf(line.text);
    const bucket = (result.byCli[cli] ??= { lines: 0, mapped: 0, withAction: 0 });
    result.lines++;
    bucket.lines++;
    if (hasAction(line)) {
      result.withAction++;
      bucket.withAction++;
    }
    if ('action' in line) {
      result.mapped++;
      bucket.mapped++;
    } else {
      // The reason without the line's own names, so alike refusals count together.
      const reason = line.refused
        .replace(/^Copy-only: /, '')
        .replace(/`[^`]*`/g, '`…`')
        .slice(0, 90);
      result.byReason[reason] = (result.byReason[reason] ?? 0) + 1;
    }
  }
  return result;
}
