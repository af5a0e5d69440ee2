import { ApplicationFailure, Context } from '@temporalio/activity';
import { OUT_OF_STOCK_SKUS, type Order } from './shared.ts';

/** The demo worker's activities. Their names match the production worker's activity types. */

export async function CreatePickTask(order: Order, waveId: string): Promise<string> {
  Context.current().log.info('Activity completed', {
    activity: 'CreatePickTask',
    orderId: order.orderId,
    waveId,
  });
  return `PICK-${order.orderId}-${waveId}`;
}

export async function ConsolidateItems(order: Order, pickTaskId: string): Promise<void> {
  const context = Context.current();
  for (const [index, line] of order.lines.entries()) {
    context.heartbeat(`Processing ${index + 1}/${order.lines.length}: ${line.sku}`);
    await context.sleep(10);
  }
  context.log.info('Activity completed', { activity: 'ConsolidateItems', pickTaskId });
}

export async function ConfirmInventoryPick(order: Order): Promise<void> {
  const missing = order.lines.filter((line) => OUT_OF_STOCK_SKUS.includes(line.sku));
  if (missing.length > 0) {
    throw ApplicationFailure.create({
      type: 'InsufficientInventory',
      message: `Not enough stock for ${missing.map((line) => `${line.quantity} × ${line.sku}`).join(', ')}`,
      nonRetryable: true,
      details: [{ orderId: order.orderId, skus: missing.map((line) => line.sku) }],
    });
  }
}
