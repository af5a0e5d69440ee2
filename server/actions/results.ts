/**
 * The shapes the browser renders: each action's result types, plus what a run streams and
 * previews. The views import them from here (type-only, across the ESLint client/server line)
 * rather than reaching into a dozen action files. An action whose result gets a view adds its
 * type here.
 */
export type { Preview, Progress } from './types.ts';
// Temporal
export type { HistoryEvent } from './temporal/shared/history.ts';
export type { WorkflowDescription } from './temporal/shared/workflow.ts';
export type { HistorySize } from './temporal/workflow-history-scan.ts';
export type { WorkflowListItem } from './temporal/workflow-list.ts';
// Kubernetes
export type { RolloutStatusResult } from './kubernetes/deployment-rollout-status.ts';
export type { PodEvent } from './kubernetes/pod-events.ts';
export type { LogsResult } from './kubernetes/pods-logs.ts';
export type { PodUsage } from './kubernetes/pods-top.ts';
export type { ServiceSummary } from './kubernetes/services-list.ts';
export type { LogLine } from './kubernetes/shared/logs.ts';
export type { PodSummary } from './kubernetes/shared/pods.ts';
// MongoDB
export type { IndexInfo } from './mongo/shared/indexes.ts';
export type { Operation } from './mongo/shared/operations.ts';
export type { SlowOp } from './mongo/slow-ops.ts';
