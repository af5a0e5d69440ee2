/**
 * `npm run audit:verify`: checks the whole configured audit trail and names the first record that
 * was edited, removed or reordered. Exit 0 when intact, 1 when not, 2 when it cannot be read.
 */
import { ConfigError, loadConfig } from '../config.ts';
import { createAuditStore } from './create-store.ts';

try {
  const store = createAuditStore(loadConfig().audit);
  const result = await store.verify();
  await store.close();
  if (result.ok) {
    process.stdout.write(`Audit trail intact: ${result.checked} records (${store.name}).\n`);
  } else {
    const { seq, runId, reason } = result.problem!;
    process.stdout.write(
      `Audit trail broken at record ${seq} (run ${runId}): ${reason}. ${result.checked} records before it are intact.\n`,
    );
    process.exitCode = 1;
  }
} catch (error) {
  const message =
    error instanceof ConfigError
      ? error.message
      : `cannot read the audit trail: ${(error as Error).message}`;
  process.stderr.write(`runsheet: ${message}\n`);
  process.exitCode = 2;
}
