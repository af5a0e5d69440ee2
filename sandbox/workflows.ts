import {
  condition,
  executeChild,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type * as activities from './activities.ts';
import {
  getStatusQuery,
  planningWorkflowId,
  waveAssignedSignal,
  type FulfillmentResult,
  type Order,
  type PlanningStatus,
  type WaveAssignment,
} from './shared.ts';

const { CreatePickTask, ConsolidateItems, ConfirmInventoryPick } = proxyActivities<
  typeof activities
>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { maximumAttempts: 3 },
});

/** One order through the warehouse: plan it into a wave, pick, consolidate, confirm the inventory. */
export async function OrderFulfillmentWorkflow(order: Order): Promise<FulfillmentResult> {
  const wave = await executeChild(PlanningWorkflow, {
    workflowId: planningWorkflowId(order.orderId),
    args: [order],
  });
  const pickTaskId = await CreatePickTask(order, wave.waveId);
  await ConsolidateItems(order, pickTaskId);
  await ConfirmInventoryPick(order);
  return { orderId: order.orderId, waveId: wave.waveId, pickTaskId };
}

/** Waits until the WES assigns the order to a wave (the `waveAssigned` signal). */
export async function PlanningWorkflow(order: Order): Promise<WaveAssignment> {
  let wave: WaveAssignment | undefined;
  const waitingSince = new Date(workflowInfo().startTime).toISOString();
  setHandler(waveAssignedSignal, (assignment) => {
    wave = assignment;
  });
  setHandler(getStatusQuery, (): PlanningStatus => ({
    orderId: order.orderId,
    state: wave ? 'WAVE_ASSIGNED' : 'WAITING_FOR_WAVE',
    waveId: wave?.waveId ?? null,
    waitingSince,
  }));
  await condition(() => wave !== undefined);
  return wave!;
}
