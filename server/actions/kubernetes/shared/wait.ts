import { setTimeout as sleep } from 'node:timers/promises';
import { ActionError } from '../../../errors.ts';

/** Waits between polls of the cluster; a cancelled run stops waiting at once. */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    throw new ActionError('cancelled', 'The run was cancelled while waiting on Kubernetes.', {
      cause: error,
    });
  }
}
