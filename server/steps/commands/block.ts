import { parseCommand, type ParsedCommand } from './parse.ts';

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

/**
 * A fenced shell block, read as a shell would read it, without running anything: comments label
 * the next command, `\\` and an open quote continue a command on the next line, loops stay whole,
 * a heredoc's body is data (never a step), and in a console transcript (`$ ` prompts) only the
 * prompted lines are commands, the rest being their output.
 */
export function parseBlock(text: string): BlockStep[] {
  const lines = text.split('\n');
  const transcript = lines.some((line) => /^\s*\$\s/.test(line));
  const steps: BlockStep[] = [];
  let label: string | null = null;
  let pending = '';
  let loop: string[] | null = null;
  let heredoc: { end: RegExp; lines: string[] } | null = null;
  for (const original of lines) {
    if (heredoc) {
      heredoc.lines.push(original);
      if (heredoc.end.test(original)) {
        steps.push({ label, parsed: heredocStep(heredoc.lines.join('\n')) });
        [heredoc, label] = [null, null];
      }
      continue;
    }
    let raw = original;
    if (transcript && !pending && !loop) {
      // Output lines of a transcript are not commands; `> ` continues a prompted one.
      const prompted = /^\s*\$\s+(.*)$/.exec(raw);
      if (!prompted) continue;
      raw = prompted[1]!;
    } else if (transcript && (pending || loop)) {
      raw = raw.replace(/^\s*>\s?/, '');
    }
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
    const { code, open } = shellLine(pending ? `${pending}${raw}` : raw);
    if (!pending && /^\s*#/.test(raw)) {
      label = raw.replace(/^\s*#\s*/, '').trim() || label;
      continue;
    }
    const marker = /<<-?\s*(['"]?)([A-Za-z_]\w*)\1/.exec(code);
    if (marker) {
      heredoc = { end: new RegExp(`^\\s*${marker[2]}\\s*$`), lines: [code.trim()] };
      pending = '';
      continue;
    }
    if (open) {
      pending = `${code}\n`;
      continue;
    }
    if (!code.trim()) {
      pending = '';
      continue;
    }
    if (code.endsWith('\\')) {
      pending = `${code.slice(0, -1).trimEnd()} `;
      continue;
    }
    pending = '';
    steps.push({ label, parsed: parseCommand(code.trim()) });
    label = null;
  }
  if (heredoc) steps.push({ label, parsed: heredocStep(heredoc.lines.join('\n')) });
  if (pending.trim()) steps.push({ label, parsed: parseCommand(pending.trim()) });
  return steps;
}

/**
 * A line up to its comment (a `#` that starts a word outside quotes: an apostrophe in the comment
 * opens nothing), and whether a quote is still open at its end.
 */
export function shellLine(text: string): { code: string; open: boolean } {
  let quote: string | null = null;
  // Whether the next character starts a word: after unescaped whitespace or an operator (`a\ #b`
  // is one word, `a |#b` a comment).
  let wordStart = true;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"') i++;
      continue;
    }
    if (char === '#' && wordStart) return { code: text.slice(0, i).trimEnd(), open: false };
    wordStart = /[\s|;&()<>]/.test(char);
    if (char === '\\') i++;
    else if (char === "'" || char === '"') quote = char;
  }
  return { code: text.trimEnd(), open: quote !== null };
}

/** A command fed by a heredoc: its body comes from the page, which no action reproduces. */
function heredocStep(command: string): ParsedCommand {
  return {
    runnable: false,
    command,
    reason:
      'Copy-only: a heredoc feeds the command text from the page; its body is data, not a step.',
  };
}
