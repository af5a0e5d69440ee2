/** `--name value`, `--name=value`, short aliases and bare flags, from a command's words. */
export interface Flags {
  values: Map<string, string>;
  switches: Set<string>;
  positional: string[];
}

export function readFlags(
  words: string[],
  aliases: Record<string, string>,
  bare: readonly string[],
): Flags {
  const flags: Flags = { values: new Map(), switches: new Set(), positional: [] };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('-') || word === '-') {
      flags.positional.push(word);
      continue;
    }
    const [rawName, inline] = word.split(/=(.*)/s, 2) as [string, string | undefined];
    const name = aliases[rawName] ?? rawName.replace(/^--?/, '');
    if (bare.includes(name) && inline === undefined) flags.switches.add(name);
    else flags.values.set(name, inline ?? words[++i] ?? '');
  }
  return flags;
}

/**
 * A number the line gives (`--replicas=5`), or a placeholder kept for the page to fill
 * (`--replicas=<replicas>`, or a step's own `{replicas}`); anything else, such as the seed's `--replicas=N`, is NaN, which
 * `parseCommand` refuses.
 */
export function numberOf(raw: string | undefined): number | string {
  if (raw !== undefined && /^(<[a-z][\w-]*>|\$\{?[A-Za-z_]\w*\}?|\{[a-z][a-z0-9]*\})$/i.test(raw))
    return raw;
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN;
}
