import type { Context } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { ActionError } from '../errors.ts';
import { parseOrThrow } from '../validation.ts';

/** A JSON body validated by its schema, typed for the client; errors read `path: message`. */
export function jsonInput<S extends z.ZodType>(schema: S, what: string) {
  return validator('json', (value) => parseOrThrow(schema, value, { what }));
}

/** Every POST takes JSON; anything else is refused with what to send instead. */
export async function jsonBody(c: Context): Promise<unknown> {
  if (!c.req.header('content-type')?.startsWith('application/json')) {
    throw new ActionError('unsupported_media_type', 'Send the request as JSON.', {
      hint: 'Set Content-Type: application/json.',
    });
  }
  return c.req.json().catch(() => {
    throw new ActionError('invalid_body', 'The request body is not valid JSON.', {
      hint: 'Send {"action": "<action id>", "input": {…}} with Content-Type: application/json.',
    });
  });
}
