import { assignWave } from '../../sandbox/scenarios.ts';
import { backorderedSku } from '../../sandbox/inventory.ts';
import { orderWorkflowId } from '../../sandbox/shared.ts';
import { defineDrill } from './define-drill.ts';
import { freshOrderId, freshWave, startOrder, statusOf, waitUntil } from './shared/orders.ts';
import { checkFailedOrder } from './shared/failed-order.ts';

/** How long the SKU stays out of stock: long enough for the order to fail on it first. */
const BACKORDER_MS = 5_000;

/**
 * Seed §2, pattern 2: ConfirmInventoryPick failed with InsufficientInventory, a business error that
 * retrying cannot fix. By the time the trainee looks, the replenishment has arrived; the fix is to
 * read the failure, then reset (or restart) the order.
 */
export default defineDrill({
  id: 'failed-inventory',
  title: 'Order failed: InsufficientInventory',
  summary:
    'An order workflow failed: the inventory pick found no stock. The stock has since arrived; get the order through.',
  runbook: 'failed-workflow-investigation',
  needs: ['temporal'],
  async inject(ctx) {
    const orderId = freshOrderId();
    const restockedAt = new Date(Date.now() + BACKORDER_MS);
    await startOrder(ctx, orderId, backorderedSku(restockedAt));
    await ctx.temporal((client) => assignWave(client, orderId, freshWave().waveId));
    await waitUntil(
      ctx,
      () =>
        ctx.temporal(
          async (client) => (await statusOf(client, orderWorkflowId(orderId))) === 'FAILED',
        ),
      { what: `Order ${orderId} failing on InsufficientInventory` },
    );
    // The trainee starts once the stock is back, so a fix done right is a fix that works.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, restockedAt.getTime() - Date.now())),
    );
    return {
      params: { orderId },
      briefing: `Order ${orderId} shows "Failed" and the customer is asking. Warehouse says its SKU was replenished a moment ago. Find out why it failed and get it through.`,
    };
  },
  check: (ctx, params, runs) =>
    checkFailedOrder(ctx, params, runs, { cause: 'InsufficientInventory' }),
});
