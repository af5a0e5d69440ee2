import { existsSync } from 'node:fs';
import { onPath } from '../processes.ts';
import { cachedTool, goInstallOnce, type BuildOptions } from './go-build.ts';

/** The temporal CLI version the sandbox and the tests use (later tags cannot be go-installed). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

/** Where it is built: `<cache>/bin/temporal-v1.5.1`. */
export function cachedTemporalCli(cacheDir: string): string {
  return cachedTool(cacheDir, 'temporal', TEMPORAL_CLI_VERSION);
}

export const HOW_TO_GET_TEMPORAL =
  'Install the temporal CLI (https://docs.temporal.io/cli) and put it on PATH, or set RUNSHEET_SANDBOX_TEMPORAL_CLI to one';

/** A temporal CLI: the one named, else `temporal` on PATH, else the cached build; undefined if none. */
export function findTemporalCli({
  named,
  cacheDir,
}: {
  named?: string | undefined;
  cacheDir: string;
}): string | undefined {
  if (named) return named;
  const cached = cachedTemporalCli(cacheDir);
  return onPath('temporal') ?? (existsSync(cached) ? cached : undefined);
}

/** The temporal CLI found, else built once into the cache (about 6 minutes on 2 cores). */
export function temporalCli(
  options: BuildOptions & { named?: string | undefined },
): Promise<string> {
  const found = findTemporalCli(options);
  if (found) return Promise.resolve(found);
  return goInstallOnce(
    {
      name: 'temporal',
      module: 'github.com/temporalio/cli/cmd/temporal',
      version: TEMPORAL_CLI_VERSION,
      howElse: HOW_TO_GET_TEMPORAL,
    },
    options,
  );
}
