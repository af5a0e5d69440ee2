/** One line of an edit: kept, added or removed. */
export type Edit = { op: ' ' | '+' | '-'; text: string };

const CONTEXT = 3;

/**
 * A unified diff (`git apply` and `patch -p1` take it) from an edit script over one file's lines.
 * `path` is the file's path from the repository root; the file is taken to end with a newline.
 */
export function unifiedDiff(path: string, edits: Edit[]): string {
  const changed = edits.flatMap((edit, index) => (edit.op === ' ' ? [] : [index]));
  if (changed.length === 0) return '';
  // Group changes whose contexts touch, as diff does.
  const groups: [number, number][] = [];
  for (const index of changed) {
    const last = groups.at(-1);
    if (last && index - last[1] <= 2 * CONTEXT) last[1] = index;
    else groups.push([index, index]);
  }
  const out = [`--- a/${path}`, `+++ b/${path}`];
  for (const [first, last] of groups) {
    const from = Math.max(0, first - CONTEXT);
    const to = Math.min(edits.length, last + CONTEXT + 1);
    const before = edits.slice(0, from);
    const oldStart = before.filter((edit) => edit.op !== '+').length + 1;
    const newStart = before.filter((edit) => edit.op !== '-').length + 1;
    const hunk = edits.slice(from, to);
    const oldCount = hunk.filter((edit) => edit.op !== '+').length;
    const newCount = hunk.filter((edit) => edit.op !== '-').length;
    out.push(
      `@@ -${oldCount ? oldStart : oldStart - 1},${oldCount} +${newCount ? newStart : newStart - 1},${newCount} @@`,
      ...hunk.map((edit) => `${edit.op}${edit.text}`),
    );
  }
  return `${out.join('\n')}\n`;
}

/** The edit script that inserts `lines` before each given line index of `old` (index = length: at the end). */
export function insertions(old: string[], at: Map<number, string[]>): Edit[] {
  const edits: Edit[] = [];
  for (let index = 0; index <= old.length; index += 1) {
    for (const text of at.get(index) ?? []) edits.push({ op: '+', text });
    if (index < old.length) edits.push({ op: ' ', text: old[index]! });
  }
  return edits;
}

/** The new file an edit script makes. */
export function applyEdits(edits: Edit[]): string {
  return `${edits
    .filter((edit) => edit.op !== '-')
    .map((edit) => edit.text)
    .join('\n')}\n`;
}
