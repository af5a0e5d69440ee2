import { RE2JS } from 're2js';
import { grepAlternation } from './patterns.ts';

/**
 * A pattern from a runbook page, compiled by RE2 (re2js, pure JavaScript): matching takes time
 * linear in the text, so no pattern — `(a+)+$`, `(.+)+#` — can stall the event loop the way a
 * backtracking engine (JavaScript's RegExp) would. RE2 has no backreferences or lookaround; a
 * pattern that uses them is refused with the engine's message.
 */
export interface LinearRegExp {
  test(text: string): boolean;
  /** Where the pattern matches in the text, left to right, as [start, end) pairs; no empty ones. */
  ranges(text: string): [number, number][];
}

/** Compiles a grep-style pattern (`\|` is alternation); throws LinearRegExpError if it cannot. */
export function linearRegExp(pattern: string, ignoreCase = false): LinearRegExp {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(grepAlternation(pattern), ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    throw new LinearRegExpError(
      error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error),
    );
  }
  return {
    test: (text) => compiled.test(text),
    ranges(text) {
      const found: [number, number][] = [];
      const matcher = compiled.matcher(text);
      while (matcher.find()) {
        if (matcher.end() > matcher.start()) found.push([matcher.start(), matcher.end()]);
      }
      return found;
    },
  };
}

/** Why a pattern is not one RE2 runs, e.g. "invalid or unsupported Perl syntax: `(?=`". */
export class LinearRegExpError extends Error {
  override name = 'LinearRegExpError';
}

/** The engine's complaint about a pattern, or null when it compiles. */
export function patternProblem(pattern: string): string | null {
  try {
    linearRegExp(pattern);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
