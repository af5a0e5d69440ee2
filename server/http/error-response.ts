import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { ActionError, type ErrorBody } from '../errors.ts';

/** The one translation from any thrown error to what the client sees; unexpected ones are logged, not shown. */
export function errorResponse(
  error: unknown,
  log: Logger,
  requestId: string,
): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof ActionError) return { status: error.status, body: error.toBody() };
  if (error instanceof HTTPException) {
    const body = new ActionError('invalid_body', error.message || 'Bad request').toBody();
    return { status: error.status as ContentfulStatusCode, body };
  }
  log.error({ err: error, requestId }, 'unhandled error');
  const internal = new ActionError('internal', 'Runsheet hit an unexpected error.', {
    hint: `The server log has the details under request id ${requestId}.`,
  });
  return { status: 500, body: internal.toBody() };
}
