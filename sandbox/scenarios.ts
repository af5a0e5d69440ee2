import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { TASK_QUEUE, orderWorkflowId, type Order } from './shared.ts';

/**
 * Seed runbook §1: an order whose planning child never got its `waveAssigned` signal.
 * Idempotent: an order already running under that id is left as it is.
 */
export async function seedStuckOrder(client: Client, orderId = 'ORD-12345'): Promise<string> {
  const order: Order = {
    orderId,
    customerId: 'CUST-0042',
    lines: [{ sku: 'SKU-APPLES', quantity: 3 }],
  };
  const workflowId = orderWorkflowId(orderId);
  try {
    await client.workflow.start('OrderFulfillmentWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId,
      args: [order],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return workflowId;
}
