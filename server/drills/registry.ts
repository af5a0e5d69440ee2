import activityTimeout from './activity-timeout.ts';
import badDeployment from './bad-deployment.ts';
import type { Drill } from './define-drill.ts';
import failedInventory from './failed-inventory.ts';
import historySizeLimit from './history-size-limit.ts';
import missingIndex from './missing-index.ts';
import mongodbUnreachable from './mongodb-unreachable.ts';
import stuckWorkflow from './stuck-workflow.ts';
import workerScaledToZero from './worker-scaled-to-zero.ts';
import wrongSignalName from './wrong-signal-name.ts';

/** Every drill, in the order the /drills page offers them: the gentlest first. */
export const drills: Drill[] = [
  stuckWorkflow,
  wrongSignalName,
  failedInventory,
  activityTimeout,
  historySizeLimit,
  workerScaledToZero,
  badDeployment,
  missingIndex,
  mongodbUnreachable,
];

export function findDrill(id: string): Drill | undefined {
  return drills.find((drill) => drill.id === id);
}
