import {
  condition,
  continueAsNew,
  executeChild,
  proxyActivities,
  setHandler,
  sleep,
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
  type ReprocessingRun,
  type WaveAssignment,
} from './shared.ts';

const { CreatePickTask, ConfirmInventoryPick, ReprocessOrder } = proxyActivities<typeof activities>(
  {
    startToCloseTimeout: '2 minutes',
    retry: { maximumAttempts: 3 },
  },
);

// Consolidation heartbeats; a scanner that stops answering is noticed after 10 s, twice.
const { ConsolidateItems } = proxyActivities<typeof activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { maximumAttempts: 2, initialInterval: '1 second' },
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

/** Reprocesses a range of orders, continuing as new after each batch so its history stays bounded; returns the last order. */
export async function ReprocessingOrchestrationWorkflow(run: ReprocessingRun): Promise<number> {
  const batchEnd = Math.min(run.toOrder, run.fromOrder + run.batchLimit - 1);
  for (let order = run.fromOrder; order <= batchEnd; order++) {
    await ReprocessOrder(`ORD-${order}`);
    if (run.pacingMs) await sleep(run.pacingMs);
  }
  if (batchEnd < run.toOrder) {
    await continueAsNew<typeof ReprocessingOrchestrationWorkflow>({
      ...run,
      fromOrder: batchEnd + 1,
    });
  }
  return run.toOrder;
}
