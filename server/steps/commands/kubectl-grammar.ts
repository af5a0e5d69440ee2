import { findAction } from '../../actions/registry.ts';
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

/**
 * `--dry-run[=client|server|none]`, as kubectl reads it: alone or `client` or `server`, the change
 * is only previewed (Runsheet's preview stands for both: nothing is sent that changes anything);
 * `none` is a normal run. Only a change can be previewed; any other value is kubectl's error.
 */
export function dryRun(mapping: Mapping, value: string | undefined): Mapping {
  if (!mapping.ok || value === undefined || value === 'none') return mapping;
  if (!['', 'client', 'server'].includes(value)) {
    return no(
      `\`--dry-run=${value}\`: kubectl takes none, client or server: write --dry-run=server to see only the preview, or drop it to make the change`,
    );
  }
  if ((findAction(mapping.action)?.risk ?? 'read') === 'read') {
    return no(`${mapping.action} only reads, so there is nothing to preview: drop --dry-run`);
  }
  return { ...mapping, previewOnly: true };
}
