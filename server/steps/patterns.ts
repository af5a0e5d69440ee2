/**
 * Regular expressions that come from runbook pages: grep's syntax read as the engine's, and a page
 * parameter turned into the literal text it stands for. Pure and dependency-free (the browser uses
 * it too); the engine that runs them is linear-regexp.ts.
 */

/** grep's basic-syntax alternation `\|` means `|`; an escaped backslash (`\\`) stays one. */
export function grepAlternation(pattern: string): string {
  return pattern.replace(/\\(.)/gs, (pair, next: string) => (next === '|' ? '|' : pair));
}

/**
 * A value as the literal text it is, in a pattern read by `grepAlternation` and then RE2 or
 * JavaScript syntax: every metacharacter escaped, `|` as the class `[|]` so that no `\|` appears
 * for grep's alternation to take.
 */
export function literalPattern(value: string): string {
  return value.replace(/[|\\^$.*+?()[\]{}]/g, (char) => (char === '|' ? '[|]' : `\\${char}`));
}
