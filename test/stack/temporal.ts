import {
  findTemporalCli,
  startDevServer,
  TEMPORAL_CLI_VERSION,
  type DevServer,
} from '../../sandbox/dev-server.ts';
import { CACHE_DIR, goInstallOnce } from './tools.ts';

export type TemporalServer = DevServer;

/** `$TEMPORAL_CLI`, else `temporal` on PATH, else the cached build (made on first use). */
export function temporalCli(): string {
  return (
    findTemporalCli({ named: process.env['TEMPORAL_CLI'], cacheDir: CACHE_DIR }) ??
    goInstallOnce({
      name: 'temporal',
      module: 'github.com/temporalio/cli/cmd/temporal',
      version: TEMPORAL_CLI_VERSION,
      howElse: 'Set TEMPORAL_CLI to a temporal CLI binary, or put `temporal` on PATH',
    })
  );
}

/** A throw-away Temporal dev server on a free loopback port, for one test run. */
export function startTemporal(): Promise<TemporalServer> {
  return startDevServer(temporalCli());
}
