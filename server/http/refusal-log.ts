import type { Context } from 'hono';
import type { Actor } from '../auth/actor.ts';
import { RECORDED_REFUSALS, type RefusalRecorder } from '../audit/refusals.ts';
import type { ErrorBody } from '../errors.ts';
import type { ApiEnv } from './api-env.ts';

/**
 * Hands a refused request's answer to the recorder: who, what they tried, why it was refused.
 * Resolves when the trail has it (see RefusalRecorder.note): answer the request after that.
 */
export function noteRefusal(
  refusals: RefusalRecorder,
  c: Context<ApiEnv>,
  body: ErrorBody,
): Promise<void> {
  if (!RECORDED_REFUSALS.has(body.error.code)) return Promise.resolve();
  return refusals.note({
    // Unset when refused before anyone was identified (a bad token, a foreign Host).
    actor: (c.var as { actor?: Actor }).actor?.id ?? null,
    code: body.error.code,
    message: body.error.message,
    what: c.var.attempted ?? `${c.req.method} ${c.req.path.slice(0, 200)}`,
    requestId: c.get('requestId'),
    clientRequestId: c.var.clientRequestId,
  });
}
