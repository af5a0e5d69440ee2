import { ApplicationFailure, Context } from '@temporalio/activity';
import { isJammed, isOutOfStock } from './inventory.ts';
import type { Order } from './shared.ts';

/** The demo worker's activities. Their names match the production worker's activity types. */

export async function CreatePickTask(order: Order, waveId: string): Promise<string> {
  const started = Date.now();
  const pickTaskId = `PICK-${order.orderId}-${waveId}`;
  Context.current().log.info(
    `Activity completed CreatePickTask duration ${Date.now() - started}ms`,
    { pickTaskId },
  );
  return pickTaskId;
}

/** Heartbeats per line; on a jammed scanner it stops heartbeating, so the heartbeat timeout fires. */
export async function ConsolidateItems(order: Order, pickTaskId: string): Promise<void> {
  const context = Context.current();
  for (const [index, line] of order.lines.entries()) {
    if (isJammed(line.sku)) {
      await context.sleep(10 * 60_000); // no heartbeat: stuck on the scanner
    }
    context.heartbeat(`Processing ${index + 1}/${order.lines.length}: ${line.sku}`);
    await context.sleep(10);
  }
  context.log.info('Activity completed ConsolidateItems', { pickTaskId });
}

export async function ConfirmInventoryPick(order: Order): Promise<void> {
  const missing = order.lines.filter((line) => isOutOfStock(line.sku));
  if (missing.length > 0) {
    throw ApplicationFailure.create({
      type: 'InsufficientInventory',
      message: `Not enough stock for ${missing.map((line) => `${line.quantity} × ${line.sku}`).join(', ')}`,
      nonRetryable: true,
      details: [{ orderId: order.orderId, skus: missing.map((line) => line.sku) }],
    });
  }
}

export async function ReprocessOrder(orderId: string): Promise<string> {
  return `${orderId}: reprocessed`;
}
