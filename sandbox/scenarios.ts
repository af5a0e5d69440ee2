import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { JAMMED_SKU } from './inventory.ts';
import { TASK_QUEUE } from './task-queue.ts';
import {
  getStatusQuery,
  orderWorkflowId,
  planningWorkflowId,
  reprocessingWorkflowId,
  waveAssignedSignal,
  type Order,
  type ReprocessingRun,
} from './shared.ts';

/** The seed runbooks' incidents, reproduced on the sandbox with the seed's own IDs. */
export interface Scenario {
  id: string;
  title: string;
  /** The workflow a runbook starts from. */
  workflowId: string;
}

const order = (orderId: string, sku = 'SKU-APPLES'): Order => ({
  orderId,
  customerId: 'CUST-0042',
  lines: [{ sku, quantity: 3 }],
});

/** Starts a workflow unless one with that ID is already running (seeding twice is harmless). */
async function startOnce(
  client: Client,
  workflowType: string,
  workflowId: string,
  arg: unknown,
  taskQueue: string,
) {
  try {
    await client.workflow.start(workflowType, { taskQueue, workflowId, args: [arg] });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return workflowId;
}

/** Seed §1 and §8: the planning child never got `waveAssigned`; the order waits. */
export async function stuckOrder(client: Client, orderId = 'ORD-12345', taskQueue = TASK_QUEUE) {
  return startOnce(
    client,
    'OrderFulfillmentWorkflow',
    orderWorkflowId(orderId),
    order(orderId),
    taskQueue,
  );
}

/** Seed §2 pattern 2: the wave came, then ConfirmInventoryPick failed with InsufficientInventory. */
export async function failedOrder(client: Client, orderId = 'ORD-12346', taskQueue = TASK_QUEUE) {
  const workflowId = await startOnce(
    client,
    'OrderFulfillmentWorkflow',
    orderWorkflowId(orderId),
    order(orderId, 'SKU-OUT-OF-STOCK'),
    taskQueue,
  );
  await assignWave(client, orderId);
  return workflowId;
}

/** Seed §9: ConsolidateItems stops heartbeating on a jammed scanner and times out. */
export async function timedOutOrder(client: Client, orderId = 'ORD-12347', taskQueue = TASK_QUEUE) {
  const workflowId = await startOnce(
    client,
    'OrderFulfillmentWorkflow',
    orderWorkflowId(orderId),
    order(orderId, JAMMED_SKU),
    taskQueue,
  );
  await assignWave(client, orderId);
  return workflowId;
}

/**
 * Seed §7: a reprocessing run whose batch limit was set too high, so it never continues as new
 * and its history keeps growing towards Temporal's limit.
 */
export async function growingHistory(
  client: Client,
  label = '1234567',
  taskQueue = TASK_QUEUE,
  run: ReprocessingRun = { fromOrder: 1, toOrder: 1_000_000, batchLimit: 1_000_000, pacingMs: 200 },
) {
  return startOnce(
    client,
    'ReprocessingOrchestrationWorkflow',
    reprocessingWorkflowId(label),
    run,
    taskQueue,
  );
}

/** Sends the wave the planning child waits for, once the child exists. */
export async function assignWave(
  client: Client,
  orderId: string,
  waveId = 'WAVE-001',
): Promise<void> {
  const planning = client.workflow.getHandle(planningWorkflowId(orderId));
  for (let attempt = 0; ; attempt++) {
    try {
      const status = await planning.query(getStatusQuery);
      if (status.state === 'WAITING_FOR_WAVE') {
        await planning.signal(waveAssignedSignal, {
          waveId,
          scheduledStart: '2026-01-04T10:00:00Z',
        });
      }
      return;
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Every incident at once: what `npm start` seeds into its sandbox. */
export async function seedAll(client: Client, taskQueue = TASK_QUEUE): Promise<Scenario[]> {
  return [
    {
      id: 'stuck-order',
      title: 'Order waiting for waveAssigned',
      workflowId: await stuckOrder(client, undefined, taskQueue),
    },
    {
      id: 'failed-order',
      title: 'Order failed: InsufficientInventory',
      workflowId: await failedOrder(client, undefined, taskQueue),
    },
    {
      id: 'activity-timeout',
      title: 'ConsolidateItems heartbeat timeout',
      workflowId: await timedOutOrder(client, undefined, taskQueue),
    },
    {
      id: 'growing-history',
      title: 'Reprocessing run near the history limit',
      workflowId: await growingHistory(client, undefined, taskQueue),
    },
  ];
}
