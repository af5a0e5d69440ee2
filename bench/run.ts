/**
 * `npm run bench [name…]`: runs the benchmarks in this folder one after another (all by default).
 * Each prints its times and ratios against a baseline measured in the same run. A bench that
 * fails or misses a target does not stop the others: the failures are listed at the end.
 * Each bench gets a temporary folder of its own as TMPDIR (its trails, its servers' files), removed
 * when it ends, as the tests do.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SUPPORT = new Set(['run.ts', 'report.ts', 'load-drivers.ts']);
const wanted = process.argv.slice(2);
const benches = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.ts') && !SUPPORT.has(file))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)));

const failed: string[] = [];
for (const bench of benches) {
  const folder = mkdtempSync(join(tmpdir(), `runsheet-bench-${bench.replace('.ts', '')}-`));
  try {
    const { status, signal } = spawnSync(process.execPath, [`bench/${bench}`], {
      stdio: 'inherit',
      env: { ...process.env, TMPDIR: folder },
    });
    if (status !== 0) failed.push(`${bench} (${signal ?? `exit ${status}`})`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
process.stdout.write(
  failed.length
    ? `\n${failed.length} of ${benches.length} benches failed or missed a target: ${failed.join(', ')}\n`
    : `\nAll ${benches.length} benches ran and met their targets.\n`,
);
process.exitCode = failed.length ? 1 : 0;
