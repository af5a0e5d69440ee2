import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Risk } from '../actions/types.ts';
import type { Outcome } from '../audit/record.ts';

/**
 * What `GET /metrics` exposes. Labels are only action ids, risks, outcomes and target names: never
 * who ran what, with which arguments, nor an error message (those may quote secrets or inputs).
 * One registry per app, so several apps in one process (tests) keep separate counts.
 */
export interface Metrics {
  readonly registry: Registry;
  /** A run that reached the audit trail, whatever its outcome. */
  observeRun(run: { action: string; risk: Risk; outcome: Outcome; durationMs: number }): void;
  /** Reachability of each configured target, as /api/ready last saw it. */
  observeTargets(checks: readonly { name: string; ok: boolean; latencyMs: number }[]): void;
}

// Reads answer in milliseconds; batch terminations and rollout waits run for minutes.
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export function createMetrics({ processMetrics = false } = {}): Metrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry, prefix: 'runsheet_' });
  const runs = new Counter({
    name: 'runsheet_runs_total',
    help: 'Runs that reached the audit trail, by action, risk and outcome (succeeded, failed, refused, cancelled).',
    labelNames: ['action', 'risk', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'runsheet_run_duration_seconds',
    help: 'How long runs took, from the audit "started" record to "finished", by action.',
    labelNames: ['action'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const up = new Gauge({
    name: 'runsheet_target_up',
    help: 'Whether a configured target (temporal, kubernetes, mongo) answered its last check: 1 or 0.',
    labelNames: ['target'] as const,
    registers: [registry],
  });
  const latency = new Gauge({
    name: 'runsheet_target_check_seconds',
    help: 'Round trip of the last reachability check of each configured target.',
    labelNames: ['target'] as const,
    registers: [registry],
  });
  return {
    registry,
    observeRun({ action, risk, outcome, durationMs }) {
      runs.inc({ action, risk, outcome });
      duration.observe({ action }, durationMs / 1000);
    },
    observeTargets(checks) {
      for (const check of checks) {
        up.set({ target: check.name }, check.ok ? 1 : 0);
        latency.set({ target: check.name }, check.latencyMs / 1000);
      }
    },
  };
}
