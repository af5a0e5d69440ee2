import { findAction } from '../../actions/registry.ts';
import { fillTemplate } from '../step-template.ts';
import { parseBlock } from './block.ts';
import { toCli } from './to-cli.ts';

/**
 * The arguments as the action reads them: `{param}` slots filled with one stand-in, then the
 * schema's defaults applied, so `{format: 'events'}` and `{}` compare equal, as they run equal.
 */
function asRun(action: string, args: Record<string, unknown>): string {
  const { input } = fillTemplate(args, () => 'x1');
  const parsed = findAction(action)?.input.safeParse(input);
  return JSON.stringify(parsed?.success ? sortKeys(parsed.data) : sortKeys(input));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, inner]) => [key, sortKeys(inner)]),
    );
  }
  return value;
}

/** A step as "Copy as CLI" sees it; `previewOnly`: the step is a dry run (`--dry-run`). */
interface CopiedStep {
  action: string;
  args: Record<string, unknown>;
  command: string | null;
  previewOnly?: boolean | undefined;
}

/**
 * The line "Copy as CLI" gives for a step: its runbook line when that line does exactly what the
 * step does, else the line generated from the step (a page may run a better action than the seed
 * line it stands for: `temporal workflow show` answered by describe), else none.
 */
export function copyLine(step: CopiedStep): string | null {
  if (step.command !== null && roundTripProblem(step) === null) return step.command;
  const generated = toCli(step.action, step.args, step.previewOnly === true);
  return generated !== null && roundTripProblem({ ...step, command: generated }) === null
    ? generated
    : null;
}

/**
 * Why a step's CLI line does not read back as the step (another action, other arguments), or
 * null when it does or when the step has no CLI line to copy.
 */
export function roundTripProblem(step: CopiedStep): string | null {
  const previewOnly = step.previewOnly === true;
  const line = step.command ?? toCli(step.action, step.args, previewOnly);
  if (line === null) return null;
  // Read as the site reads a block: a seed loop over `temporal workflow list` is one step too.
  const steps = parseBlock(line);
  if (steps.length !== 1) return `\`${line}\` reads back as ${steps.length} steps`;
  const { parsed } = steps[0]!;
  if (!parsed.runnable) return `\`${line}\` does not read back: ${parsed.reason}`;
  if (parsed.action !== step.action)
    return `\`${line}\` reads back as ${parsed.action}, not ${step.action}`;
  // A dry run and the change itself are different steps, whatever their arguments.
  if ((parsed.previewOnly === true) !== previewOnly) {
    return `\`${line}\` reads back as ${previewOnly ? 'the change itself, not its preview only' : 'a preview only (--dry-run), not the change'}`;
  }
  const [want, got] = [asRun(step.action, step.args), asRun(parsed.action, parsed.input)];
  return want === got ? null : `\`${line}\` reads back as ${got}, not ${want}`;
}
