import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

export type RequestIdVariables = {
  /** Made here for every request: what the log, the trail and the response's X-Request-Id carry. */
  requestId: string;
  /** The X-Request-Id a caller sent (a plain token), kept beside ours, never instead of it. */
  clientRequestId?: string;
};

/**
 * Request ids are the server's own, so a caller cannot make two requests share one or point one
 * at another's records; an id the caller sent is kept as `clientRequestId` to correlate with theirs.
 */
export function requestIds(): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  return async function requestIdsMiddleware(c, next) {
    const id = randomUUID();
    c.set('requestId', id);
    const given = c.req.header('x-request-id');
    // Anything but a plain token could smuggle text into logs and exports: it is dropped.
    if (given && given.length <= 255 && /^[\w\-=]+$/.test(given)) c.set('clientRequestId', given);
    c.header('X-Request-Id', id);
    await next();
  };
}
