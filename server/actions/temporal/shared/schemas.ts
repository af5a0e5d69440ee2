import { z } from 'zod';

/** Inputs shared by the Temporal actions, so every action describes them the same way. */

// C0/C1 controls and the bidirectional overrides: a workflow ID holding them could show one ID in
// a preview the person confirms and mean another, or split a log line in two.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export const workflowIdSchema = z
  .string()
  .trim()
  .min(1, 'enter a workflow ID')
  .max(1000)
  .refine((id) => !INVISIBLE.test(id), 'a workflow ID has no control or text-direction characters')
  .describe('Workflow ID, e.g. order-fulfillment-ORD-12345');

export const runIdSchema = z
  .string()
  .trim()
  .regex(/^[0-9a-f-]{36}$/i, 'a run ID is a UUID, e.g. 3b1c7e5e-8a3d-4f5e-9c1d-2a6b8e0f4d21')
  .describe('Run ID; leave empty for the latest run');

/** One workflow execution: its ID, and optionally the run. */
export const execution = {
  workflowId: workflowIdSchema,
  runId: runIdSchema.optional(),
};

export const visibilityQuerySchema = z
  .string()
  .trim()
  .max(2000)
  .refine((query) => !/[\r\n\0]/.test(query), 'a visibility query is one line')
  .superRefine((query, ctx) => {
    const problem = unbalanced(query);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe(
    'Visibility query, e.g. WorkflowType="OrderFulfillmentWorkflow" AND ExecutionStatus="Running"',
  );

export const nameSchema = (what: string, example: string) =>
  z
    .string()
    .trim()
    .min(1, `enter the ${what}`)
    .max(255)
    .regex(/^[\w.\-:/]+$/, `a ${what} has letters, digits and . _ - : / only`)
    .describe(`${what[0]!.toUpperCase()}${what.slice(1)}, e.g. ${example}`);

/** A JSON value given as a workflow or signal argument. */
export const jsonArgumentSchema = z
  .json()
  .describe('JSON value, e.g. {"waveId":"WAVE-001","scheduledStart":"2026-01-04T10:00:00Z"}');

/**
 * Actions wrap the person's query in parentheses (`ExecutionStatus="Running" AND (…)`). A query
 * that closes more parentheses than it opens, or leaves a quote open, would step outside them and
 * widen what a batch terminates: refused before Temporal sees it.
 */
function unbalanced(query: string): string | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < query.length; i++) {
    const char = query[i]!;
    // Whether a backslash escapes a quote is the query parser's call, not ours: not guessed at.
    if (char === '\\') return 'a visibility query cannot hold a backslash';
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '(') depth++;
    else if (char === ')' && --depth < 0) {
      return `a ")" at character ${i + 1} closes a parenthesis that was never opened`;
    }
  }
  if (quote) return `a quoted value (${quote}…) is never closed`;
  if (depth > 0) return `${depth} "(" never closed`;
  return undefined;
}
