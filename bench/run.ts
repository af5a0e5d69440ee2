/**
 * `npm run bench [name…]`: runs the benchmarks in this folder one after another (all by default).
 * Each prints its times and ratios against a baseline measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const SUPPORT = new Set(['run.ts', 'report.ts']);
const wanted = process.argv.slice(2);
const benches = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.ts') && !SUPPORT.has(file))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)));

for (const bench of benches) {
  const { status } = spawnSync(process.execPath, [`bench/${bench}`], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
