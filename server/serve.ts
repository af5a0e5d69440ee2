// The server: configuration, targets, the audit trail and the HTTP app, until SIGINT or SIGTERM.
import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createAuditStore } from './audit/create-store.ts';
import { startHeadPublisher } from './audit/head-publisher.ts';
import { MacKeyError } from './audit/mac-keys.ts';
import { refusalRecorder } from './audit/refusals.ts';
import { ConfigError, isLoopback, loadConfig, sandboxSystems, type Config } from './config.ts';
import { createLogger } from './log.ts';
import { stepGateFor } from './steps/declared-steps.ts';
import { closeInterruptedRuns } from './runs/interrupted-runs.ts';
import { createMetrics } from './metrics/metrics.ts';
import { startSandboxTargets } from './sandbox-targets.ts';
import { chooseEnvironment, realTargets } from './targets/real-targets.ts';
import { closeTargets, createTargets } from './targets/targets.ts';

let config: Config;
let environment: string;
try {
  config = loadConfig();
  environment = chooseEnvironment(config);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`runsheet: ${error.message}`);
  process.exit(1);
}

const log = createLogger(config.logLevel);
const targets = createTargets(config);
const { host, port, siteDir } = config.server;
if (!existsSync(siteDir)) {
  log.warn({ siteDir }, 'no built site here: serving the API only (run `npm run build`)');
}
const real = realTargets(config);
if (real.length > 0) {
  // Say it before anything runs: these are the user's own systems, acted on for real.
  log.warn(
    { environment, real: real.map((target) => `${target.system}: ${target.where}`) },
    `Runsheet will act on these real targets (${real.map((target) => target.system).join(', ')}), in environment ${environment}`,
  );
}
// The sandbox starts in the background: the site serves at once, each target joins when ready.
const sandbox = startSandboxTargets(config, sandboxSystems(config), targets, log);

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
const audit = openAuditStore(config);
const refusals = refusalRecorder(audit, environment, log);
// Before serving, so the trail never shows a dead process's run as still going.
await closeInterruptedRuns(audit, log).catch((error: unknown) => {
  log.error({ err: error }, 'could not check the audit trail for interrupted runs');
});
const metrics = createMetrics({ processMetrics: true });
const heads = startHeadPublisher({ audit, log, metrics, intervalMs: config.audit.headIntervalMs });
await heads.publish();
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
  metrics,
  sandboxTaskQueue: config.sandbox.taskQueue,
  allowedHosts: config.server.allowedHosts,
  refusals,
  sandbox,
});
const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
  const sandboxed = new Set(sandbox?.systems ?? []);
  const describe = (system: 'temporal' | 'mongo' | 'kubernetes', configured: string) =>
    sandboxed.has(system) ? 'sandbox (starting)' : configured;
  log.info(
    {
      url: `http://${host}:${info.port}`,
      temporal: describe(
        'temporal',
        config.temporal.address
          ? `${config.temporal.address} (${config.temporal.namespace})`
          : 'not configured',
      ),
      // The address only: the connection string may hold a password.
      mongo: describe('mongo', targets.mongo.configured ? targets.mongo.address : 'not configured'),
      kubernetes: describe(
        'kubernetes',
        targets.kubernetes.configured ? targets.kubernetes.address : 'not configured',
      ),
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

let stopping = false;
async function shutdown(reason: string, code = 0) {
  if (stopping) return;
  stopping = true;
  log.info({ reason }, 'shutting down');
  server.close();
  await refusals.flush();
  await closeTargets(targets);
  await heads.stop();
  await audit.close();
  await sandbox?.stop();
  process.exit(code);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

/** The configured trail; a key that cannot be used stops the start, saying why. */
function openAuditStore({ audit }: Config) {
  try {
    return createAuditStore(audit);
  } catch (error) {
    if (!(error instanceof MacKeyError)) throw error;
    console.error(`runsheet: ${error.message}`);
    process.exit(1);
  }
}
