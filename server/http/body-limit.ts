import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ActionError } from '../errors.ts';

export const MAX_BODY_BYTES = 256 * 1024;

const tooLarge = (maxBytes: number) =>
  new ActionError('invalid_body', `The request body is over ${maxBytes / 1024} KiB.`, {
    hint: 'Inputs are small JSON objects; send large data by reference instead.',
  });

/**
 * For all of /api: a declared Content-Length over the limit is refused before anything else
 * happens, without reading a byte of the body.
 */
export function declaredBodyLimit(maxBytes = MAX_BODY_BYTES): MiddlewareHandler {
  return async function declaredBodyLimitMiddleware(c, next) {
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > maxBytes) throw tooLarge(maxBytes);
    await next();
  };
}

/**
 * For a route that reads its body, after its role check: a chunked body is read up to the limit
 * and refused past it.
 */
export function bodySizeLimit(maxBytes = MAX_BODY_BYTES): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge(maxBytes);
    },
  });
  return async function bodySizeLimitMiddleware(c, next) {
    return limit(c, next);
  };
}
