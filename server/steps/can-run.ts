import { findAction } from '../actions/registry.ts';
import { fillTemplate, slotsOf } from './step-template.ts';

/** Stand-ins for a page parameter, tried in turn: a name and a number pass most schemas. */
const SAMPLES = ['x1', '1'];

/**
 * Why a step's input could never pass its action's schema, or null: the action must exist, and
 * the input, with each `{param}` filled by a stand-in value, must validate. A step that fails here
 * would render a Run button that can only fail.
 */
export function whyCannotRun(actionId: string, args: Record<string, unknown>): string | null {
  const action = findAction(actionId);
  if (!action) return `there is no action ${actionId} in this Runsheet`;
  const slots = slotsOf(args);
  let first: string | null = null;
  // Every mix of stand-ins over the slots (at most a few slots on a line).
  const tries = Math.min(2 ** slots.length, 64);
  for (let mix = 0; mix < tries; mix++) {
    const values = Object.fromEntries(slots.map((slot, i) => [slot, SAMPLES[(mix >> i) & 1]!]));
    const { input } = fillTemplate(args, (name) => values[name]);
    const parsed = action.input.safeParse(input);
    if (parsed.success) return null;
    first ??= parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`)
      .join('; ');
  }
  return `${action.id} cannot take this input (${first})`;
}
