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

/** grep's basic syntax: `\|` is alternation and `|`, `+`, `?`, `(` are literal. */
export function basicToExtended(pattern: string): string {
  return pattern.replace(
    /\\(\|)|([|+?(){}])/g,
    (_, alternation: string | undefined, literal: string | undefined) =>
      alternation ? '|' : `\\${literal}`,
  );
}

const no = (what: string): ParsedFilter => ({
  ok: false,
  reason: `Runsheet cannot apply \`${what}\` safely`,
});
