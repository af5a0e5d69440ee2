import { pino, type Logger } from 'pino';
import { createApp } from '../../server/app.ts';
import type { AuditStore } from '../../server/audit/audit-store.ts';
import { createSqliteAuditStore } from '../../server/audit/sqlite-store.ts';
import { configSchema, type Config } from '../../server/config.ts';
import type { ErrorBody } from '../../server/errors.ts';
import type { StepManifest } from '../../server/steps/declared-steps.ts';
import type { RunOutcome } from '../../server/runs/execute-run.ts';
import { closeTargets, createTargets } from '../../server/targets/targets.ts';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/**
 * A Runsheet app as `npm start` builds it (API only), from config values, with its targets for
 * clean-up. Logs go nowhere unless a logger is given (tests that read the logs pass one).
 */
export function testApp(
  overrides: DeepPartial<Config> = {},
  {
    audit = createSqliteAuditStore(':memory:'),
    log = pino({ level: 'silent' }),
    manifest = null,
  }: { audit?: AuditStore; log?: Logger; manifest?: StepManifest | null } = {},
) {
  const config = configSchema.parse(overrides);
  const targets = createTargets(config);
  const app = createApp({
    targets,
    log,
    identity: config.identity,
    policy: config.policy,
    audit,
    environment: config.environment ?? 'test',
    steps: { mode: config.steps ?? 'any', manifest },
    sandboxTaskQueue: config.sandbox.taskQueue,
    allowedHosts: config.server.allowedHosts,
  });
  return {
    app,
    config,
    /** POST /api/runs with a JSON body; returns the status and the parsed answer. */
    async run<Result = unknown>(body: unknown) {
      const response = await app.request('/api/runs', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as Partial<RunOutcome<Result>> & Partial<ErrorBody>;
      return { status: response.status, body: answer };
    },
    audit,
    async close() {
      await closeTargets(targets);
      await audit.close();
    },
  };
}
