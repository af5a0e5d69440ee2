import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { onPath } from '../../sandbox/processes.ts';

/** Where built test servers are kept between runs, outside the repo, keyed by version. */
export const CACHE_DIR = process.env['RUNSHEET_CACHE'] ?? join(homedir(), '.cache', 'runsheet');

export class StackError extends Error {
  override readonly name = 'StackError';
}

/**
 * Builds a Go tool once into the cache: `go install <module>@<version>`, then moves the binary
 * to `<cache>/bin/<name>-<version>`. Throws a StackError saying how to get the tool otherwise.
 */
export function goInstallOnce({
  name,
  module,
  version,
  howElse,
}: {
  name: string;
  module: string;
  version: string;
  howElse: string;
}): string {
  const target = join(CACHE_DIR, 'bin', `${name}-${version}`);
  if (existsSync(target)) return target;
  if (!onPath('go')) {
    throw new StackError(
      `${name} ${version} is needed for the integration tests and Go is not installed. ${howElse}, or install Go ≥ 1.25 and run the tests again to build it.`,
    );
  }
  mkdirSync(join(CACHE_DIR, 'bin'), { recursive: true });
  const gobin = mkdtempSync(join(tmpdir(), `runsheet-${name}-`));
  process.stderr.write(`Building ${name} ${version} with go install (once; several minutes)…\n`);
  const built = spawnSync('go', ['install', '-ldflags', '-s -w', `${module}@${version}`], {
    env: { ...process.env, GOBIN: gobin, GOTOOLCHAIN: 'local', CGO_ENABLED: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (built.status !== 0) {
    rmSync(gobin, { recursive: true, force: true });
    throw new StackError(
      `go install ${module}@${version} failed (exit ${built.status}). ${howElse}.`,
    );
  }
  renameSync(join(gobin, name), target);
  rmSync(gobin, { recursive: true, force: true });
  return target;
}
