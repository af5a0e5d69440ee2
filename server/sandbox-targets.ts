/**
 * The sandbox inside a serving Runsheet: starts the WMS world in the background (sandbox/world),
 * says in the terminal what it builds and starts and how long it takes, joins each system to the
 * targets as it becomes ready, and has a watchdog end every process it started should Runsheet die.
 */
import type { Logger } from 'pino';
import { DEFAULT_CACHE_DIR } from '../sandbox/programs/go-build.ts';
import { startWatchdog } from '../sandbox/watchdog-client.ts';
import { startSandboxWorld, type SandboxTargetStatus } from '../sandbox/world/world.ts';
import type { SandboxConnection } from '../sandbox/world/systems.ts';
import { discoveredKubeconfig, type Config, type SandboxSystem } from './config.ts';
import type { SandboxControl } from './http/api-env.ts';
import { createKubernetesTarget } from './targets/kubernetes.ts';
import { createMongoTarget } from './targets/mongo.ts';
import { createTemporalTarget } from './targets/temporal.ts';
import type { Targets } from './targets/targets.ts';

export interface RunningSandbox extends SandboxControl {
  systems: readonly SandboxSystem[];
  stop(): Promise<void>;
}

const PROGRESS_EVERY_MS = 15_000;

export function startSandboxTargets(
  config: Config,
  systems: readonly SandboxSystem[],
  targets: Targets,
  log: Logger,
): RunningSandbox | undefined {
  if (systems.length === 0) return undefined;
  const found = discoveredKubeconfig();
  if (found && !config.kubernetes.kubeconfig && !config.kubernetes.inCluster) {
    log.info(
      { kubeconfig: found },
      'a kubeconfig was found and is not used: the sandbox acts only on the cluster it starts (set RUNSHEET_KUBE_CONFIG to act on that one instead)',
    );
  }
  log.info({ systems }, 'starting the sandbox in the background; each target joins when ready');
  const releaseWatchdog = startWatchdog();
  const world = startSandboxWorld({
    systems,
    cacheDir: config.sandbox.cacheDir ?? DEFAULT_CACHE_DIR,
    named: {
      temporal: config.sandbox.temporalCli,
      mongo: config.sandbox.ferretdb,
      kubernetes: config.sandbox.kubernetesBin,
    },
    onStatus: (status) => report(log, status),
    onReady: (connection) => join(targets, config, connection),
  });
  const progress = setInterval(() => {
    for (const status of world.statuses()) if (status.phase === 'building') report(log, status);
  }, PROGRESS_EVERY_MS);
  progress.unref();
  return {
    systems,
    statuses: world.statuses,
    reset: world.reset,
    async stop() {
      clearInterval(progress);
      await world.stop();
      releaseWatchdog();
    },
  };
}

/** One line per phase change, and every 15 s while building: which program, elapsed, estimate. */
function report(log: Logger, status: SandboxTargetStatus): void {
  const elapsed = Math.round((Date.now() - Date.parse(status.since)) / 1000);
  const fields = { target: status.system, program: status.program };
  switch (status.phase) {
    case 'building':
      log.info(
        { ...fields, elapsedSeconds: elapsed, estimateSeconds: status.estimateSeconds },
        `sandbox ${status.system}: building ${status.program} with Go (once): ${minutes(elapsed)} of about ${minutes(status.estimateSeconds ?? 0)}`,
      );
      return;
    case 'starting':
      log.info(fields, `sandbox ${status.system}: starting ${status.program}`);
      return;
    case 'ready':
      log.info({ ...fields, holds: status.summary }, `sandbox ${status.system}: ready`);
      return;
    case 'failed':
      log.warn(
        { ...fields, reason: status.reason, fix: status.fix },
        `sandbox ${status.system}: not started. ${status.reason} ${status.fix}`,
      );
      return;
    default:
      return;
  }
}

function minutes(seconds: number): string {
  return seconds < 90 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

/** The started system becomes the target, configured as a user would configure a real one. */
function join(targets: Targets, config: Config, connection: SandboxConnection): void {
  switch (connection.system) {
    case 'temporal': {
      const old = targets.temporal;
      targets.temporal = createTemporalTarget({
        ...config.temporal,
        address: connection.address,
        namespace: connection.namespace,
        tls: undefined,
        apiKey: undefined,
      });
      void old.close();
      return;
    }
    case 'mongo': {
      const old = targets.mongo;
      targets.mongo = createMongoTarget({
        ...config.mongo,
        uri: connection.uri,
        username: connection.username,
        password: connection.password,
        passwordFile: undefined,
        authSource: connection.authSource,
        tls: undefined,
        // FerretDB on SQLite builds the runbook's index over 20,000 routes far slower than MongoDB.
        operationTimeoutMs: Math.max(config.mongo.operationTimeoutMs, 60_000),
      });
      void old.close();
      return;
    }
    case 'kubernetes': {
      const old = targets.kubernetes;
      targets.kubernetes = createKubernetesTarget({
        ...config.kubernetes,
        kubeconfig: connection.kubeconfig,
        context: undefined,
        inCluster: false,
        namespace: connection.namespace,
      });
      void old.close();
      return;
    }
  }
}
