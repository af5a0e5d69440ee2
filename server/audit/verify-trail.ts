import type { Config } from '../config.ts';
import { createAuditStore } from './create-store.ts';
import { parseHead } from './head-keeper.ts';
import type { VerifyResult } from './verify-chain.ts';

/**
 * Checks the whole configured audit trail and names the first record that was edited, removed,
 * reordered or rewritten without the key. `head` is a published head (the JSON of the log line's
 * `auditHead`); without one, the head file's last line, if configured. Returns the exit code:
 * 0 intact, 1 broken; throws when the trail cannot be read.
 */
export async function verifyTrail(
  config: Config['audit'],
  write: (line: string) => void,
  head?: string,
): Promise<0 | 1> {
  const given = head === undefined ? undefined : parseHead(head, '--head');
  const store = createAuditStore(config);
  try {
    const result = await store.verify({ head: given });
    write(describeResult(result, store.name));
    return result.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

/** What a verify result proves: the verdict on the first line, what it does not cover below. */
export function describeResult(result: VerifyResult, storeName: string): string {
  const lines: string[] = [];
  if (result.ok) {
    lines.push(`Audit trail intact: ${result.checked} records (${storeName}).`);
  } else {
    const { seq, runId, reason } = result.problem!;
    lines.push(
      `Audit trail broken at record ${seq}${runId ? ` (run ${runId})` : ''}: ${reason}. ${result.checked} records before it are intact.`,
    );
  }
  if (result.unkeyed) {
    lines.push(
      `  The first ${result.unkeyed} records predate keyed trails: hash-chained only, so whoever could write the store could have rewritten them.`,
    );
  }
  lines.push(
    result.head
      ? `  Checked against the head published at ${result.head.at} (record ${result.head.seq}).`
      : '  No published head to check against: records removed from the end would not show (pass --head).',
  );
  return lines.join('\n');
}
