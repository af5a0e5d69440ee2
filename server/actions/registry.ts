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
import checkConnectivity from './kubernetes/connectivity-check.ts';
import describeSecret from './kubernetes/secret-describe.ts';
import listPods from './kubernetes/pods-list.ts';
import listServices from './kubernetes/services-list.ts';
import podEvents from './kubernetes/pod-events.ts';
import readLogs from './kubernetes/pods-logs.ts';
import restartPod from './kubernetes/pod-restart.ts';
import rollbackDeployment from './kubernetes/deployment-rollback.ts';
import rolloutStatus from './kubernetes/deployment-rollout-status.ts';
import scaleDeployment from './kubernetes/deployment-scale.ts';
import setResources from './kubernetes/deployment-set-resources.ts';
import topPods from './kubernetes/pods-top.ts';
import batchTerminate from './temporal/batch-terminate.ts';
import cancelWorkflow from './temporal/workflow-cancel.ts';
import countWorkflows from './temporal/workflow-count.ts';
import describeWorkflow from './temporal/workflow-describe.ts';
import listWorkflows from './temporal/workflow-list.ts';
import queryWorkflow from './temporal/workflow-query.ts';
import readHistory from './temporal/workflow-history.ts';
import resetWorkflow from './temporal/workflow-reset.ts';
import restartWorkflow from './temporal/workflow-restart.ts';
import scanHistorySizes from './temporal/workflow-history-scan.ts';
import signalWorkflow from './temporal/workflow-signal.ts';
import startWorkflow from './temporal/workflow-start.ts';
import terminateWorkflow from './temporal/workflow-terminate.ts';
import deploymentDescribe from './kubernetes/deployment-describe.ts';
import deploymentHistory from './kubernetes/deployment-history.ts';
import deploymentRestart from './kubernetes/deployment-restart.ts';
import deploymentsList from './kubernetes/deployments-list.ts';
import eventsList from './kubernetes/events-list.ts';
import nodesList from './kubernetes/nodes-list.ts';
import podDescribe from './kubernetes/pod-describe.ts';
import replicaSetsList from './kubernetes/replicasets-list.ts';
import statefulSetsList from './kubernetes/statefulsets-list.ts';
import batchCancel from './temporal/batch-cancel.ts';
import batchSignal from './temporal/batch-signal.ts';
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
