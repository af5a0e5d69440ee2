import type { Config } from '../config.ts';
import { createAuditStore } from './create-store.ts';

/**
 * Checks the whole configured audit trail and names the first record that was edited, removed or
 * reordered. Returns the exit code: 0 intact, 1 broken; throws when the trail cannot be read.
 */
export async function verifyTrail(
  config: Config['audit'],
  write: (line: string) => void,
): Promise<0 | 1> {
  const store = createAuditStore(config);
  try {
    const result = await store.verify();
    if (result.ok) {
      write(`Audit trail intact: ${result.checked} records (${store.name}).`);
      return 0;
    }
    const { seq, runId, reason } = result.problem!;
    write(
      `Audit trail broken at record ${seq} (run ${runId}): ${reason}. ${result.checked} records before it are intact.`,
    );
    return 1;
  } finally {
    await store.close();
  }
}
