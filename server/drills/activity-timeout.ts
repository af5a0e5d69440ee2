import { assignWave } from '../../sandbox/scenarios.ts';
import { jammedUntilSku } from '../../sandbox/inventory.ts';
import { defineDrill } from './define-drill.ts';
import { freshOrderId, freshWave, startOrder } from './shared/orders.ts';
import { checkFailedOrder } from './shared/failed-order.ts';

/**
 * How long the scanner stays jammed: past both ConsolidateItems attempts (10 s heartbeat timeout,
 * twice), so the order fails, and then not much longer.
 */
const JAM_MS = 30_000;

/**
 * Seed §9: ConsolidateItems stops heartbeating on a jammed scanner; both attempts time out and the
 * order fails. Once the scanner works again, a reset of the order redoes the consolidation.
 */
export default defineDrill({
  id: 'activity-timeout',
  title: 'Activity heartbeat timeout',
  summary:
    'ConsolidateItems stops heartbeating on a jammed scanner and times out; the order fails. Find which activity, then get the order through once the scanner works.',
  runbook: 'activity-timeout-investigation',
  needs: ['temporal'],
  async inject(ctx) {
    const orderId = freshOrderId();
    const clearsAt = new Date(Date.now() + JAM_MS);
    await startOrder(ctx, orderId, jammedUntilSku(clearsAt));
    await ctx.temporal((client) => assignWave(client, orderId, freshWave().waveId));
    return {
      params: { orderId },
      briefing: `Order ${orderId} is stuck in consolidation and ActivityTaskTimedOut shows up in its history; it will fail within half a minute. The scanner team says the scanner works again from ${clearsAt.toISOString()}. Find which activity times out, then get the order through.`,
    };
  },
  check: (ctx, params, runs) =>
    checkFailedOrder(ctx, params, runs, { cause: 'a ConsolidateItems heartbeat timeout' }),
});
