import { planningWorkflowId } from '../../sandbox/shared.ts';
import { defineDrill } from './define-drill.ts';
import { freshOrderId, freshWave, startOrder, untilWaitingForWave } from './shared/orders.ts';
import { checkWaitingOrder } from './shared/waiting-order.ts';

/**
 * Seed §8: the WES did send the wave, as `waveAssign`: the history shows the signal arrived and the
 * workflow ignored it. The fix is the right name with the same wave.
 */
export default defineDrill({
  id: 'wrong-signal-name',
  title: 'Signal sent with the wrong name',
  summary:
    'The WES says it sent the wave, yet the order still waits: the signal arrived under a name the workflow does not handle.',
  runbook: 'signal-loss-investigation',
  needs: ['temporal'],
  async inject(ctx) {
    const orderId = freshOrderId();
    await startOrder(ctx, orderId, 'SKU-APPLES');
    await untilWaitingForWave(ctx, orderId);
    const wave = freshWave();
    // Sent by name, as a misconfigured WES would: the workflow has no handler for it and drops it.
    await ctx.temporal((client) =>
      client.workflow.getHandle(planningWorkflowId(orderId)).signal('waveAssign', wave),
    );
    return {
      params: { orderId, ...wave },
      briefing: `The WES logged "signal sent" for order ${orderId} (wave ${wave.waveId}, starting ${wave.scheduledStart}), but the order still waits for its wave. Find out what happened to the signal and get the order picked.`,
    };
  },
  check: checkWaitingOrder,
});
