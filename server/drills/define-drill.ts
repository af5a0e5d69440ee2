import type { Client } from '@temporalio/client';
import type { AuditRecord } from '../audit/record.ts';
import type { KubeApi } from '../targets/kubernetes.ts';
import type { MongoSession } from '../targets/mongo.ts';

/** The systems a drill injects into; a drill is offered only where all of them are configured. */
export type DrillTarget = 'temporal' | 'kubernetes' | 'mongo';

/** What a drill's inject and check get: the sandbox's Temporal, on the demo worker's queue. */
export interface DrillContext {
  /** A client of the configured Temporal, named `runsheet-drill:<trainee>` in its history. */
  temporal<T>(fn: (client: Client) => Promise<T>): Promise<T>;
  /** The configured Kubernetes, as the trainee, in its configured namespace. */
  kubernetes<T>(fn: (kube: KubeApi) => Promise<T>): Promise<T>;
  /** The configured MongoDB (the sandbox's FerretDB), logged in as Runsheet. */
  mongo<T>(fn: (session: MongoSession) => Promise<T>): Promise<T>;
  /** The task queue the demo WMS worker polls (config `sandbox.taskQueue`). */
  taskQueue: string;
  signal: AbortSignal;
}

/** One incident set up for one attempt: what the runbook page is opened with, and what it touched. */
export interface Injected {
  /** The runbook page's parameters, filled into its URL, e.g. { orderId: 'ORD-1A2B3C4D' }. */
  params: Record<string, string>;
  /** What the trainee is told, e.g. "Order ORD-… is not progressing." */
  briefing: string;
  /**
   * What the check needs that is no runbook parameter, e.g. the replica count before the
   * incident: kept in the audit trail, left out of the runbook URL.
   */
  facts?: Record<string, string>;
}

export interface Mistake {
  /** The run that was unsafe, when one was: its id in the audit trail. */
  runId: string | null;
  message: string;
}

export interface Verdict {
  /** The incident is over: the order completed, the deployment is healthy again… */
  resolved: boolean;
  /** How things stand, in one sentence for the trainee. */
  status: string;
  /** What was done unsafely, judged from the attempt's runs. */
  mistakes: Mistake[];
}

export interface Drill {
  /** Stable, kebab-case: the audit trail and the URL name it, e.g. `stuck-workflow`. */
  id: string;
  title: string;
  /** One sentence: the incident, as on-call would first see it. */
  summary: string;
  /** The runbook page the trainee works, e.g. `stuck-workflow-recovery`. */
  runbook: string;
  needs: DrillTarget[];
  inject(ctx: DrillContext): Promise<Injected>;
  /**
   * Looks at the sandbox and the trainee's runs since the start (`finished` records, oldest first).
   * `given` is what inject returned for this attempt: its facts and its params.
   */
  check(ctx: DrillContext, given: Record<string, string>, runs: AuditRecord[]): Promise<Verdict>;
}

/** Exists only for type inference, like defineAction. */
export function defineDrill(drill: Drill): Drill {
  return drill;
}
