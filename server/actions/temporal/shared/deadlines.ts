import type { Client } from '@temporalio/client';

/**
 * Deadlines for actions that make many calls (batches, scans). temporal.rpcTimeoutMs bounds one
 * call; a thousand calls together may rightly take far longer, so each call gets its own deadline
 * and the action as a whole one that fits its size.
 */

/** One call of many, with a deadline of its own. */
export function withinCallDeadline<T>(
  client: Client,
  rpcTimeoutMs: number,
  call: () => Promise<T>,
): Promise<T> {
  return client.connection.withDeadline(Date.now() + rpcTimeoutMs, call);
}

/** The whole action: the listing, then one deadline per wave of `concurrency` calls. */
export function manyCallsTimeout(rpcTimeoutMs: number, calls: number, concurrency: number) {
  return rpcTimeoutMs * (2 + Math.ceil(calls / concurrency));
}
