import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { DEFAULT_CACHE_DIR } from '../sandbox/programs/go-build.ts';
import { findTemporalCli, HOW_TO_GET_TEMPORAL } from '../sandbox/programs/temporal-cli.ts';
import { startSandbox, type Sandbox } from '../sandbox/sandbox.ts';
import { createApp } from './app.ts';
import { createAuditStore } from './audit/create-store.ts';
import { refusalRecorder } from './audit/refusals.ts';
import { ConfigError, isLoopback, loadConfig, type Config } from './config.ts';
import { createLogger } from './log.ts';
import { stepGateFor } from './steps/declared-steps.ts';
import { closeInterruptedRuns } from './runs/interrupted-runs.ts';
import { createMetrics } from './metrics/metrics.ts';
import { closeTargets, createTargets } from './targets/targets.ts';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`runsheet: ${error.message}`);
  process.exit(1);
}

const log = createLogger(config.logLevel);
const sandbox = await maybeStartSandbox(config);
const temporal = sandbox ? { ...config.temporal, address: sandbox.address } : config.temporal;
const targets = createTargets({ ...config, temporal });
const { host, port, siteDir } = config.server;
if (!existsSync(siteDir)) {
  log.warn({ siteDir }, 'no built site here: serving the API only (run `npm run build`)');
}

const environment = config.environment ?? (sandbox ? 'sandbox' : 'production');
const steps = stepGateFor(config.steps, environment, siteDir);
if (steps.mode === 'declared' && !steps.manifest) {
  log.warn({ siteDir }, 'no step manifest: every run will be refused until the site is built');
}
if (config.identity.mode === 'local' && !isLoopback(host)) {
  // Only with server.allowLocalModeOnNetwork (config.ts refuses it otherwise).
  log.warn(
    { host, user: config.identity.localUser, role: config.identity.localRole },
    'local mode on a network interface: whoever reaches this port acts as the local user',
  );
}
const audit = createAuditStore(config.audit);
const refusals = refusalRecorder(audit, environment, log);
// Before serving, so the trail never shows a dead process's run as still going.
await closeInterruptedRuns(audit, log).catch((error: unknown) => {
  log.error({ err: error }, 'could not check the audit trail for interrupted runs');
});
const app = createApp({
  targets,
  log,
  siteDir,
  runbookSources: config.server.runbookSources,
  identity: config.identity,
  policy: config.policy,
  audit,
  environment,
  steps,
  metrics: createMetrics({ processMetrics: true }),
  sandboxTaskQueue: config.sandbox.taskQueue,
  allowedHosts: config.server.allowedHosts,
  refusals,
});
const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
  log.info(
    {
      url: `http://${host}:${info.port}`,
      temporal: temporal.address ? `${temporal.address} (${temporal.namespace})` : 'not configured',
      // The address only: the connection string may hold a password.
      mongo: targets.mongo.configured ? targets.mongo.address : 'not configured',
      environment,
      steps: steps.mode,
      runbooks: steps.manifest?.version.slice(0, 12) ?? 'not built',
      audit: audit.name,
    },
    'Runsheet is serving',
  );
});

server.on('error', (error: NodeJS.ErrnoException) => {
  const hint =
    error.code === 'EADDRINUSE' ? ` Port ${port} is taken: set RUNSHEET_PORT to a free one.` : '';
  log.fatal({ err: error }, `cannot listen on ${host}:${port}.${hint}`);
  void shutdown('listen error', 1);
});

async function shutdown(reason: string, code = 0) {
  log.info({ reason }, 'shutting down');
  server.close();
  await refusals.flush();
  await closeTargets(targets);
  await audit.close();
  await sandbox?.stop();
  process.exit(code);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

/**
 * With no Temporal configured, run the practice sandbox (DESIGN.md §5). Without a temporal CLI the
 * site is still served; the Run buttons then say that no Temporal is configured.
 */
async function maybeStartSandbox({ temporal, sandbox }: Config): Promise<Sandbox | undefined> {
  if (temporal.address || sandbox.mode === 'off') return undefined;
  const cli = findTemporalCli({ named: sandbox.temporalCli, cacheDir: DEFAULT_CACHE_DIR });
  if (!cli) {
    log.warn(
      `No Temporal configured and no temporal CLI found for the sandbox. ${HOW_TO_GET_TEMPORAL}, or build it with \`node test/stack/prepare.ts\` (needs Go).`,
    );
    return undefined;
  }
  log.info({ cli }, 'starting the sandbox: a local Temporal dev server and the demo WMS worker');
  try {
    const started = await startSandbox(cli);
    log.info(
      {
        address: started.address,
        incidents: started.scenarios.map((scenario) => scenario.workflowId),
      },
      'sandbox ready',
    );
    return started;
  } catch (error) {
    log.error({ err: error }, 'the sandbox did not start; serving without Temporal');
    return undefined;
  }
}
