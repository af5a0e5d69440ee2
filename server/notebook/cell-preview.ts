import { z } from 'zod';
import type { Risk } from '../actions/types.ts';
import { findAction } from '../actions/registry.ts';
import type { OutputFilter } from '../steps/commands/filters.ts';
import { parseCommand } from '../steps/commands/parse.ts';

export const cellLineSchema = z.strictObject({
  /** One `temporal …`, `kubectl …` or `mongo …` line, as typed into a scratch cell. */
  line: z.string().trim().min(1, 'type a temporal, kubectl or mongo line').max(2000),
});

export type CellPreview =
  | {
      runnable: true;
      line: string;
      action: string;
      title: string;
      risk: Risk;
      input: Record<string, unknown>;
      filters: OutputFilter[];
      reason: string | null;
      download: string | null;
    }
  | { runnable: false; line: string; reason: string };

/**
 * What a typed line will run, before it runs: the same parser and the same honoured-or-refused
 * rules as a runbook page's fenced lines. A placeholder (`<pod-name>`) has no page to fill it in a
 * cell, so the person is asked to type the value instead.
 */
export function previewLine(line: string): CellPreview {
  const parsed = parseCommand(line);
  if (!parsed.runnable) return { runnable: false, line, reason: parsed.reason };
  if (parsed.params.length) {
    return {
      runnable: false,
      line,
      reason: `Type the value of ${parsed.params.map((name) => `<${name}>`).join(', ')}: a cell has no page parameters to fill it.`,
    };
  }
  if (parsed.previewOnly) {
    // A cell has no dry-run mode; refused rather than run as the change the line says not to make.
    return {
      runnable: false,
      line,
      reason:
        'A scratch cell does not take --dry-run: drop it, and the cell shows the preview before anything changes; do not confirm if you only wanted the preview.',
    };
  }
  const action = findAction(parsed.action)!;
  return {
    runnable: true,
    line,
    action: action.id,
    title: action.title,
    risk: action.risk,
    input: parsed.input,
    filters: parsed.filters,
    reason: parsed.reason,
    download: parsed.download ?? null,
  };
}
