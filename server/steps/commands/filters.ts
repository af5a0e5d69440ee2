import { linearRegExp, type LinearRegExp } from '../linear-regexp.ts';

/** What a `| grep`, `| head`… after a command becomes: a filter applied to the step's output lines. */
export type OutputFilter =
  | {
      kind: 'grep';
      pattern: string;
      ignoreCase: boolean;
      invert: boolean;
      after: number;
      before: number;
    }
  | { kind: 'head'; lines: number }
  | { kind: 'tail'; lines: number }
  | { kind: 'count' }
  | { kind: 'sort'; key: number | null; numeric: boolean; reverse: boolean }
  | { kind: 'fields'; fields: string[] };

export type ParsedFilter = { ok: true; filter: OutputFilter } | { ok: false; reason: string };

const count = (value: string | undefined) => (value && /^\d+$/.test(value) ? Number(value) : NaN);

/** One pipeline stage after the command: grep, head, tail, wc -l, sort, or awk '{print $N}'. */
export function parseFilter([command, ...args]: string[]): ParsedFilter {
  switch (command) {
    case 'grep':
      return grep(args);
    case 'head':
    case 'tail': {
      const lines =
        args.length === 0 ? 10 : count(args[0] === '-n' ? args[1] : args[0]?.replace(/^-/, ''));
      return Number.isNaN(lines)
        ? no(`${command} ${args.join(' ')}`)
        : { ok: true, filter: { kind: command, lines } };
    }
    case 'wc':
      return args.join(' ') === '-l'
        ? { ok: true, filter: { kind: 'count' } }
        : no(`wc ${args.join(' ')}`);
    case 'sort': {
      let key: number | null = null;
      let numeric = false;
      let reverse = false;
      for (let i = 0; i < args.length; i++) {
        const arg = args[i]!;
        if (arg === '-n') numeric = true;
        else if (arg === '-r') reverse = true;
        else if (arg === '-rn' || arg === '-nr') [numeric, reverse] = [true, true];
        else if (arg === '-k' && !Number.isNaN(count(args[i + 1]))) key = count(args[++i]);
        else if (/^-k\d+$/.test(arg)) key = Number(arg.slice(2));
        else return no(`sort ${args.join(' ')}`);
      }
      return { ok: true, filter: { kind: 'sort', key, numeric, reverse } };
    }
    case 'awk': {
      const program = /^\{\s*print\s+((?:\$(?:\d+|NF|\(NF-\d+\))\s*,?\s*)+)\}$/.exec(
        args[0]?.trim() ?? '',
      );
      if (!program || args.length !== 1) return no(`awk ${args.join(' ')}`);
      return {
        ok: true,
        filter: { kind: 'fields', fields: program[1]!.split(/[\s,]+/).filter(Boolean) },
      };
    }
    default:
      return {
        ok: false,
        reason: `\`${command}\` is not a filter Runsheet applies (grep, head, tail, wc -l, sort, awk '{print $N}')`,
      };
  }
}

function grep(args: string[]): ParsedFilter {
  const options = { ignoreCase: false, invert: false, after: 0, before: 0, extended: false };
  let pattern: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const attached = /^-([AB])(\d+)$/.exec(arg);
    if (attached) options[attached[1] === 'A' ? 'after' : 'before'] = Number(attached[2]);
    else if (arg === '-A' || arg === '-B') {
      const lines = count(args[++i]);
      if (Number.isNaN(lines)) return no(`grep ${args.join(' ')}`);
      options[arg === '-A' ? 'after' : 'before'] = lines;
    } else if (/^-[ivE]+$/.test(arg)) {
      if (arg.includes('i')) options.ignoreCase = true;
      if (arg.includes('v')) options.invert = true;
      if (arg.includes('E')) options.extended = true;
    } else if (pattern === undefined && !arg.startsWith('-')) pattern = arg;
    else return no(`grep ${args.join(' ')}`);
  }
  if (pattern === undefined) return no('grep without a pattern');
  const { extended, ...rest } = options;
  return {
    ok: true,
    filter: { kind: 'grep', pattern: extended ? pattern : basicToExtended(pattern), ...rest },
  };
}

/**
 * grep's basic syntax in the extended syntax the engine reads: `\(`, `\)`, `\{`, `\}`, `\+`, `\?`
 * and `\|` are the operators and the bare characters are literal (a literal `|` as `[|]`, which no
 * later reading takes for alternation); other escapes, `\\` among them, stay as they are.
 */
export function basicToExtended(pattern: string): string {
  return pattern.replace(/\\([\s\S])|([|+?(){}])/g, (pair, escaped: string | undefined, bare) => {
    if (escaped === undefined) return bare === '|' ? '[|]' : `\\${bare as string}`;
    return /[|+?(){}]/.test(escaped) ? escaped : pair;
  });
}

const no = (what: string): ParsedFilter => ({
  ok: false,
  reason: `Runsheet cannot apply \`${what}\` safely`,
});

/**
 * Runs the step's output lines through its filters, in order, as the shell pipeline would.
 * Pure (grep runs on RE2, linear in the text): the browser applies it to what it shows.
 * A grep with context separates its groups with `--`, as grep does.
 */
export function applyFilters(lines: readonly string[], filters: readonly OutputFilter[]): string[] {
  return filters.reduce<string[]>((current, filter) => applyFilter(current, filter), [...lines]);
}

function applyFilter(lines: string[], filter: OutputFilter): string[] {
  switch (filter.kind) {
    case 'grep':
      return grepLines(lines, filter);
    case 'head':
      return lines.slice(0, filter.lines);
    case 'tail':
      return filter.lines === 0 ? [] : lines.slice(-filter.lines);
    case 'count':
      return [String(lines.length)];
    case 'sort':
      return sortLines(lines, filter);
    case 'fields':
      return lines.map((line) => printFields(line, filter.fields));
  }
}

/** The pattern of a grep filter, as the filter and the highlighting use it. */
export function grepRegExp(filter: Extract<OutputFilter, { kind: 'grep' }>): LinearRegExp {
  return linearRegExp(filter.pattern, filter.ignoreCase);
}

function grepLines(lines: string[], filter: Extract<OutputFilter, { kind: 'grep' }>): string[] {
  const regexp = grepRegExp(filter);
  const keep = new Set<number>();
  lines.forEach((line, index) => {
    if (regexp.test(line) === filter.invert) return;
    const from = Math.max(0, index - filter.before);
    const to = Math.min(lines.length - 1, index + filter.after);
    for (let kept = from; kept <= to; kept++) keep.add(kept);
  });
  const withContext = filter.before > 0 || filter.after > 0;
  const out: string[] = [];
  let last = -1;
  for (const index of [...keep].sort((a, b) => a - b)) {
    if (withContext && last >= 0 && index > last + 1) out.push('--');
    out.push(lines[index]!);
    last = index;
  }
  return out;
}

const words = (line: string) => line.trim().split(/\s+/).filter(Boolean);

/** `sort -k N`: the key runs from field N to the end of the line; -n reads its leading number. */
function sortLines(lines: string[], filter: Extract<OutputFilter, { kind: 'sort' }>): string[] {
  const keyOf = (line: string) =>
    filter.key === null
      ? line
      : words(line)
          .slice(filter.key - 1)
          .join(' ');
  const numberOf = (key: string) => {
    const value = Number.parseFloat(key);
    return Number.isNaN(value) ? 0 : value;
  };
  const compare = (a: string, b: string) => {
    const [ka, kb] = [keyOf(a), keyOf(b)];
    const order = filter.numeric ? numberOf(ka) - numberOf(kb) : ka < kb ? -1 : ka > kb ? 1 : 0;
    return order === 0 ? (a < b ? -1 : a > b ? 1 : 0) : order;
  };
  const sorted = [...lines].sort(compare);
  return filter.reverse ? sorted.reverse() : sorted;
}

/** awk '{print $1, $NF, $(NF-1)}' over whitespace-separated fields; $0 is the whole line. */
function printFields(line: string, fields: string[]): string {
  const parts = words(line);
  return fields
    .map((field) => {
      const fromEnd = /^\$\(NF-(\d+)\)$/.exec(field);
      const index =
        field === '$NF'
          ? parts.length
          : fromEnd
            ? parts.length - Number(fromEnd[1])
            : Number(field.slice(1));
      if (index === 0) return line;
      return parts[index - 1] ?? '';
    })
    .join(' ');
}
