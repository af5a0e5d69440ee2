import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs an entry with a temporary folder of its own; returns how many files Node cached there. */
function cachedFiles(entry: string, args: string[], env: Record<string, string> = {}): number {
  const home = mkdtempSync(join(tmpdir(), 'runsheet-compile-cache-'));
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('NODE_COMPILE_CACHE')),
  );
  spawnSync(process.execPath, [entry, ...args], {
    env: { ...inherited, TMPDIR: home, ...env },
    encoding: 'utf8',
  });
  const cache = join(home, 'node-compile-cache');
  return existsSync(cache) ? readdirSync(cache, { recursive: true }).length : 0;
}

// Both entries turn Node's compile cache on before importing the program, so the second start
// skips compiling the clients again (server/main.ts says what it saves).
describe("the entries keep Node's compile cache", () => {
  it('the runsheet CLI', () => {
    expect(cachedFiles('server/cli/main.ts', ['actions'])).toBeGreaterThan(100);
  });

  it('the server, even when it stops at once on a bad setting', () => {
    expect(cachedFiles('server/main.ts', [], { RUNSHEET_PORT: 'not-a-port' })).toBeGreaterThan(100);
  });
});
