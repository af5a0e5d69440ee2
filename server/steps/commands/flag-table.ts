/**
 * Honoured or refused, never ignored: each verb Runsheet maps lists every flag it honours, and a
 * flag it does not list makes the line copy-only with a reason naming it. A flag may also be
 * listed as refused, with a reason that says what to do instead.
 */
export interface FlagRule {
  /**
   * `value`: takes a value (`--tail 20`, `--tail=20`); `bare`: a switch; `list`: repeatable;
   * `inline`: a value only after `=` (`--dry-run=server`), alone its default (`--dry-run`): the
   * next word is never its value, as with kubectl's own flag.
   */
  takes: 'value' | 'bare' | 'list' | 'inline';
  /** Why the line cannot run with this flag; absent when the flag is honoured. */
  refused?: string;
}

export interface VerbTable {
  /** `--long` name → rule. Short forms are in `aliases`. */
  flags: Record<string, FlagRule>;
  aliases?: Record<string, string>;
}

export const honour = (takes: FlagRule['takes'] = 'value'): FlagRule => ({ takes });
export const refuse = (reason: string, takes: FlagRule['takes'] = 'value'): FlagRule => ({
  takes,
  refused: reason,
});

export interface ReadFlags {
  /** Each honoured flag's values in order (an `inline` flag given alone has the value ''). */
  values: Map<string, string[]>;
  switches: Set<string>;
  positional: string[];
}

export type FlagsRead = { ok: true; flags: ReadFlags } | { ok: false; reason: string };

/**
 * Reads a verb's words against its table (and the CLI's global table). Refuses an unknown flag,
 * a refused one, a bare flag given a value, and a single-valued flag given twice.
 */
export function readTable(words: string[], table: VerbTable, what: string): FlagsRead {
  const flags: ReadFlags = { values: new Map(), switches: new Set(), positional: [] };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('-') || word === '-' || /^-\d/.test(word)) {
      flags.positional.push(word);
      continue;
    }
    const [written, inline] = word.split(/=(.*)/s, 2) as [string, string | undefined];
    const name = table.aliases?.[written] ?? written;
    const rule = table.flags[name];
    if (!rule) return { ok: false, reason: `\`${written}\` is not supported by ${what}` };
    if (rule.refused) return { ok: false, reason: `\`${written}\`: ${rule.refused}` };
    if (rule.takes === 'bare') {
      if (inline !== undefined && inline !== 'true') {
        return { ok: false, reason: `\`${word}\` is not supported by ${what}` };
      }
      flags.switches.add(name);
      continue;
    }
    const value = inline ?? (rule.takes === 'inline' ? '' : words[++i]);
    if (value === undefined) return { ok: false, reason: `\`${written}\` has no value` };
    const seen = flags.values.get(name) ?? [];
    if (seen.length && rule.takes !== 'list') {
      return { ok: false, reason: `\`${written}\` is given twice: the CLI keeps only the last` };
    }
    flags.values.set(name, [...seen, value]);
  }
  return { ok: true, flags };
}

/** The one value of a flag, or undefined. */
export const one = (flags: ReadFlags, name: string) => flags.values.get(name)?.[0];
