import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ActionError } from '../errors.ts';

export const MAX_BODY_BYTES = 256 * 1024;

/** Refuses a body over `maxBytes` without reading the rest of it. */
export function bodySizeLimit(maxBytes = MAX_BODY_BYTES): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ActionError('invalid_body', `The request body is over ${maxBytes / 1024} KiB.`, {
        hint: 'Inputs are small JSON objects; send large data by reference instead.',
      });
    },
  });
  return async function bodySizeLimitMiddleware(c, next) {
    return limit(c, next);
  };
}
