import type { Config } from '../config.ts';
import { createMongoTarget, type MongoTarget } from './mongo.ts';
import { createKubernetesTarget, type KubernetesTarget } from './kubernetes.ts';
import { createTemporalTarget, type TemporalTarget } from './temporal.ts';

/** Every system Runsheet acts on. Actions get these injected; nothing else talks to the targets. */
export interface Targets {
  temporal: TemporalTarget;
  mongo: MongoTarget;
  kubernetes: KubernetesTarget;
}

export function createTargets(config: Config): Targets {
  return {
    temporal: createTemporalTarget(config.temporal),
    mongo: createMongoTarget(config.mongo),
    kubernetes: createKubernetesTarget(config.kubernetes),
  };
}

/** Idempotent: safe to call from several shutdown paths. */
export async function closeTargets(targets: Targets): Promise<void> {
  await Promise.allSettled(Object.values(targets).map((target) => target.close()));
}

/**
 * Reachability of each configured target, with round-trip latency, for /api/ready.
 * A target left unconfigured (no MongoDB URI) is not checked and not listed: it cannot be down.
 */
export async function checkTargets(targets: Targets, signal: AbortSignal) {
  const configured = Object.entries(targets).filter(([, target]) => target.configured);
  return Promise.all(
    configured.map(async ([name, target]) => {
      const started = performance.now();
      try {
        await target.check(signal);
        return { name, address: target.address, ok: true, latencyMs: elapsed(started) };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
          name,
          address: target.address,
          ok: false,
          latencyMs: elapsed(started),
          error: message,
        };
      }
    }),
  );
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
