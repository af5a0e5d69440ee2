import { z } from 'zod';
import { linearRegExp, patternProblem } from '../../../steps/linear-regexp.ts';

/** `| grep -i -v -A n -B n pattern`, as a filter the backend applies to log lines. */
export const grepSchema = z
  .strictObject({
    pattern: z
      .string()
      .min(1, 'enter a pattern')
      .max(500)
      .superRefine((pattern, ctx) => {
        const problem = patternProblem(pattern);
        if (problem)
          ctx.addIssue({ code: 'custom', message: `not a pattern grep runs: ${problem}` });
      })
      .describe(
        'Regular expression (RE2 syntax, matched in linear time), e.g. ORD-12345.*error|ORD-12345.*failed (grep’s \\| works as | too)',
      ),
    ignoreCase: z.boolean().default(false).describe('-i: ignore case'),
    invert: z.boolean().default(false).describe('-v: keep the lines that do not match'),
    after: z.coerce.number().int().min(0).max(200).default(0).describe('-A: lines after a match'),
    before: z.coerce.number().int().min(0).max(200).default(0).describe('-B: lines before a match'),
  })
  .describe('Keep only matching lines, like piping to grep');

export type GrepOptions = z.output<typeof grepSchema>;

export interface GrepHit<T> {
  item: T;
  /** A line kept for -A/-B context rather than because it matched. */
  context: boolean;
  /** The first line after lines that were left out, where grep prints `--`. */
  gap: boolean;
}

/**
 * grep over one stream of lines, item by item. `push` returns what to keep of the line just seen:
 * the -B lines held back before it, the line itself when it matches, or a -A line after a match.
 */
export function createGrep<T>(options: GrepOptions, textOf: (item: T) => string) {
  const regexp = linearRegExp(options.pattern, options.ignoreCase);
  const held: { item: T; index: number }[] = [];
  let afterLeft = 0;
  let index = -1;
  let lastKept = -1;
  return {
    push(item: T): GrepHit<T>[] {
      index++;
      const matches = regexp.test(textOf(item)) !== options.invert;
      if (matches) {
        const kept: GrepHit<T>[] = held.map((line) => ({
          item: line.item,
          context: true,
          gap: false,
        }));
        kept.push({ item, context: false, gap: false });
        const first = held[0]?.index ?? index;
        const withContext = options.before > 0 || options.after > 0;
        if (withContext && lastKept >= 0 && first > lastKept + 1) kept[0]!.gap = true;
        held.length = 0;
        lastKept = index;
        afterLeft = options.after;
        return kept;
      }
      if (afterLeft > 0) {
        afterLeft--;
        lastKept = index;
        return [{ item, context: true, gap: false }];
      }
      if (options.before > 0) {
        held.push({ item, index });
        if (held.length > options.before) held.shift();
      }
      return [];
    },
  };
}
