import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';

/** One structured log line per API request, carrying the request id. */
export function requestLog(log: Logger): MiddlewareHandler {
  return async function requestLogMiddleware(c, next) {
    if (!c.req.path.startsWith('/api/')) return next();
    const started = performance.now();
    await next();
    log.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round(performance.now() - started),
      },
      'request',
    );
  };
}
