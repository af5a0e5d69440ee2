import { defineDrill } from './define-drill.ts';
import { freshOrderId, freshWave, startOrder, untilWaitingForWave } from './shared/orders.ts';
import { checkWaitingOrder } from './shared/waiting-order.ts';

/** Seed §1: the WES never sent `waveAssigned`; the fix is to send it, not to terminate. */
export default defineDrill({
  id: 'stuck-workflow',
  title: 'Order stuck waiting for its wave',
  summary:
    'An order workflow shows no progress: its planning child waits for a waveAssigned signal the WES never sent.',
  runbook: 'stuck-workflow-recovery',
  needs: ['temporal'],
  async inject(ctx) {
    const orderId = freshOrderId();
    await startOrder(ctx, orderId, 'SKU-APPLES');
    await untilWaitingForWave(ctx, orderId);
    const wave = freshWave();
    return {
      params: { orderId, ...wave },
      briefing: `Order ${orderId} has not moved since it was placed. The WES says it assigned it to ${wave.waveId}, starting ${wave.scheduledStart}. Get the order picked.`,
    };
  },
  check: checkWaitingOrder,
});
