import type { Mapping } from './mapping.ts';
import { KINDS } from './kubectl-flags.ts';

/** Pieces of kubectl's grammar the verbs share. */

export type Target = ReturnType<typeof resource>;

/** `TYPE NAME`, `TYPE/NAME` or `TYPE` from a verb's positional words, kubectl's way. */
export function resource(words: string[]): { kind: string | null; name?: string; extra: string[] } {
  const [first, ...rest] = words;
  if (!first) return { kind: null, extra: [] };
  const slash = /^([\w.-]+)\/(.+)$/.exec(first);
  if (slash) return { kind: KINDS[slash[1]!] ?? slash[1]!, name: slash[2]!, extra: rest };
  const [name, ...extra] = rest;
  return { kind: KINDS[first] ?? first, ...(name ? { name } : {}), extra };
}

export const ok = (action: string, input: Record<string, unknown>): Mapping => ({
  ok: true,
  action,
  input,
});
export const no = (reason: string): Mapping => ({ ok: false, reason });
