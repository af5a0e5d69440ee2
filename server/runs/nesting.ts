import { ActionError } from '../errors.ts';

/**
 * How deeply a run request may nest. Inputs are flat or a few levels deep (a signal's JSON
 * argument, a partial filter); what is deeper only serves to exhaust the stack of the recursive
 * steps after parsing (validation, redaction, the audit record's canonical JSON).
 */
export const MAX_NESTING = 64;

/** Refuses a value nested deeper than MAX_NESTING, without recursing itself. */
export function assertNesting(value: unknown, what: string): void {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_NESTING) {
      throw new ActionError(
        'invalid_body',
        `The ${what} is nested more than ${MAX_NESTING} levels deep.`,
        { hint: 'Inputs are small JSON objects; flatten the value or send it by reference.' },
      );
    }
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
}
