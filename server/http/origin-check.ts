import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';

/**
 * Cross-site form posts are refused (403, translated by error-response.ts); JSON requests from
 * another origin are stopped by CORS, as Runsheet sends no CORS headers.
 */
export function originCheck(): MiddlewareHandler {
  const guard = csrf();
  return async function originCheckMiddleware(c, next) {
    return guard(c, next);
  };
}
