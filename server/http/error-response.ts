import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { redactSecrets } from '../audit/redact.ts';
import { ActionError, type ErrorBody } from '../errors.ts';

/** The one translation from any thrown error to what the client sees; unexpected ones are logged, not shown. */
export function errorResponse(
  error: unknown,
  log: Logger,
  requestId: string,
): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof ActionError) {
    // Messages may quote what the person typed: a connection string's password never goes back out.
    return { status: error.status, body: redactSecrets(error.toBody()) as ErrorBody };
  }
  if (error instanceof HTTPException) {
    // Only the CSRF guard answers 403 this way.
    const translated =
      error.status === 403
        ? new ActionError(
            'permission_denied',
            'Refused: the request did not come from a Runsheet page.',
            {
              hint: "Changes are accepted from Runsheet's own pages, or as JSON from API clients.",
            },
          )
        : new ActionError('invalid_body', error.message || 'Bad request');
    return { status: error.status as ContentfulStatusCode, body: translated.toBody() };
  }
  log.error({ err: error, requestId }, 'unhandled error');
  const internal = new ActionError('internal', 'Runsheet hit an unexpected error.', {
    hint: `The server log has the details under request id ${requestId}.`,
  });
  return { status: 500, body: internal.toBody() };
}
