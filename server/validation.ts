import type { z } from 'zod';
import { ActionError, type ErrorCode } from './errors.ts';

/** `workflowId: Too small: expected string to have >=1 characters` — one line per problem. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      const message = isMissing(issue) ? 'required' : (keyProblem(issue) ?? issue.message);
      return path ? `${path}: ${message}` : message;
    })
    .join('; ');
}

/** For a bad key in a record, what is wrong with the key rather than zod's "Invalid key in record". */
function keyProblem(issue: z.core.$ZodIssue): string | undefined {
  return issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
}

function isMissing(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
}

interface ParseOptions {
  /** What is being parsed, for the message: "input of temporal.workflow.describe". */
  what: string;
  code?: ErrorCode;
  hint?: string;
}

/** The one friendly-parse helper for every boundary: request bodies, action inputs, config. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  { what, code = 'invalid_input', hint }: ParseOptions,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ActionError(code, `Invalid ${what}: ${formatIssues(parsed.error.issues)}`, { hint });
}
