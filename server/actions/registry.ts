import { z } from 'zod';
import type { Action } from './define-action.ts';
import collStats from './mongo/coll-stats.ts';
import createIndex from './mongo/create-index.ts';
import currentOp from './mongo/current-op.ts';
import killOp from './mongo/kill-op.ts';
import listIndexes from './mongo/list-indexes.ts';
import ping from './mongo/ping.ts';
import serverStatus from './mongo/server-status.ts';
import slowOps from './mongo/slow-ops.ts';
import checkConnectivity from './kubernetes/check-connectivity.ts';
import deploymentDescribe from './kubernetes/deployment-describe.ts';
import deploymentHistory from './kubernetes/deployment-history.ts';
import deploymentRestart from './kubernetes/deployment-restart.ts';
import deploymentsList from './kubernetes/deployments-list.ts';
import describeSecret from './kubernetes/describe-secret.ts';
import eventsList from './kubernetes/events-list.ts';
import listPods from './kubernetes/list-pods.ts';
import listServices from './kubernetes/list-services.ts';
import nodesList from './kubernetes/nodes-list.ts';
import podDescribe from './kubernetes/pod-describe.ts';
import podEvents from './kubernetes/pod-events.ts';
import readLogs from './kubernetes/read-logs.ts';
import replicaSetsList from './kubernetes/replicasets-list.ts';
import restartPod from './kubernetes/restart-pod.ts';
import rollbackDeployment from './kubernetes/rollback-deployment.ts';
import rolloutStatus from './kubernetes/rollout-status.ts';
import scaleDeployment from './kubernetes/scale-deployment.ts';
import setResources from './kubernetes/set-resources.ts';
import statefulSetsList from './kubernetes/statefulsets-list.ts';
import topPods from './kubernetes/top-pods.ts';
import batchCancel from './temporal/batch-cancel.ts';
import batchSignal from './temporal/batch-signal.ts';
import batchTerminate from './temporal/batch-terminate.ts';
import cancelWorkflow from './temporal/cancel-workflow.ts';
import countWorkflows from './temporal/count-workflows.ts';
import describeWorkflow from './temporal/describe-workflow.ts';
import listWorkflows from './temporal/list-workflows.ts';
import queryWorkflow from './temporal/query-workflow.ts';
import readHistory from './temporal/read-history.ts';
import resetWorkflow from './temporal/reset-workflow.ts';
import restartWorkflow from './temporal/restart-workflow.ts';
import scanHistorySizes from './temporal/scan-history-sizes.ts';
import signalWorkflow from './temporal/signal-workflow.ts';
import startWorkflow from './temporal/start-workflow.ts';
import terminateWorkflow from './temporal/terminate-workflow.ts';
import workflowResult from './temporal/workflow-result.ts';

/** Every action Runsheet can run. One list: a test checks every action file is in it. */
export const actions: readonly Action[] = [
  describeWorkflow,
  readHistory,
  queryWorkflow,
  workflowResult,
  listWorkflows,
  countWorkflows,
  scanHistorySizes,
  signalWorkflow,
  cancelWorkflow,
  startWorkflow,
  restartWorkflow,
  terminateWorkflow,
  resetWorkflow,
  batchTerminate,
  batchCancel,
  batchSignal,
  ping,
  serverStatus,
  currentOp,
  slowOps,
  listIndexes,
  collStats,
  createIndex,
  killOp,
  listPods,
  readLogs,
  topPods,
  podEvents,
  podDescribe,
  deploymentsList,
  deploymentDescribe,
  deploymentHistory,
  replicaSetsList,
  statefulSetsList,
  eventsList,
  nodesList,
  listServices,
  describeSecret,
  checkConnectivity,
  rolloutStatus,
  scaleDeployment,
  setResources,
  rollbackDeployment,
  deploymentRestart,
  restartPod,
];

const byId = new Map(actions.map((action) => [action.id, action]));

export function findAction(id: string): Action | undefined {
  return byId.get(id);
}

/** The public description of an action: what GET /api/actions serves and the Run form is built from. */
export function describeAction(action: Action) {
  return {
    id: action.id,
    title: action.title,
    summary: action.summary,
    risk: action.risk,
    input: z.toJSONSchema(action.input, { io: 'input', unrepresentable: 'any' }),
  };
}
