import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

/**
 * Calls that need fields the high-level client does not expose (a reason on cancel, headers on a
 * signal, raw input payloads on restart) go through the raw workflow service, with the same identity.
 */
export function rawRequestBase(client: Client) {
  return {
    namespace: client.options.namespace,
    identity: client.options.identity,
    requestId: randomUUID(),
  };
}

/** Who and why, as Temporal header fields: they land in the event's `header` in the workflow history. */
export function runsheetHeader(
  actor: string,
  reason: string | undefined,
): temporal.api.common.v1.IHeader {
  const fields: Record<string, temporal.api.common.v1.IPayload> = {
    'runsheet-actor': defaultPayloadConverter.toPayload(actor),
  };
  if (reason) fields['runsheet-reason'] = defaultPayloadConverter.toPayload(reason);
  return { fields };
}
