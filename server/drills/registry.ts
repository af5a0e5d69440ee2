import activityTimeout from './activity-timeout.ts';
import type { Drill } from './define-drill.ts';
import failedInventory from './failed-inventory.ts';
import historySizeLimit from './history-size-limit.ts';
import stuckWorkflow from './stuck-workflow.ts';
import wrongSignalName from './wrong-signal-name.ts';

/** Every drill, in the order the /drills page offers them: the gentlest first. */
export const drills: Drill[] = [
  stuckWorkflow,
  wrongSignalName,
  failedInventory,
  activityTimeout,
  historySizeLimit,
];

export function findDrill(id: string): Drill | undefined {
  return drills.find((drill) => drill.id === id);
}
