import type { RefusalRecorder } from '../audit/refusals.ts';
import type { IdentityVariables } from '../auth/identify.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { checkTargets } from '../targets/targets.ts';
import type { RunDeps } from '../runs/execute-run.ts';
import type { SandboxTargetStatus } from '../../sandbox/world/world.ts';
import type { RequestIdVariables } from './request-ids.ts';

/** The sandbox as the API sees it: each target's phase, and the reset of its incidents. */
export interface SandboxControl {
  statuses(): readonly SandboxTargetStatus[];
  /** Puts every ready system back to its incidents; resolves with the systems reset. */
  reset(): Promise<string[]>;
}

/** What every API route can read from the context: who asks, and the request's id. */
export type ApiEnv = {
  Variables: IdentityVariables &
    RequestIdVariables & {
      /** What a run asked for (its action id), for the record of a refusal. */
      attempted?: string;
    };
};

export interface AppDeps extends Omit<RunDeps, 'rateLimit' | 'metrics'> {
  /** The built static site; omitted, only the API is served. */
  siteDir?: string | undefined;
  /** What GET /metrics serves; omitted, the app keeps its own (without process metrics). */
  metrics?: Metrics | undefined;
  /** The task queue the demo WMS worker polls, where drills start their incidents (`sandbox.taskQueue`). */
  sandboxTaskQueue: string;
  /** The runbooks' MDX sources, for "Add to runbook" on incident pages. */
  runbookSources?: string | undefined;
  /** Host names the API answers to besides the loopback names (config `server.allowedHosts`). */
  allowedHosts: string[];
  /** Where refused attempts are recorded; omitted, the app keeps its own over `audit`. */
  refusals?: RefusalRecorder | undefined;
  /** The sandbox this backend runs, if any: its targets' phases and its reset. */
  sandbox?: SandboxControl | undefined;
}

/** What the route modules are built from: the app's dependencies with the run limits made. */
export type ApiDeps = RunDeps &
  Pick<AppDeps, 'sandboxTaskQueue' | 'runbookSources' | 'sandbox'> & {
    refusals: RefusalRecorder;
    /** The target checks of /api/ready and /metrics, cached so probes cannot flood the targets. */
    targetChecks: () => ReturnType<typeof checkTargets>;
  };
