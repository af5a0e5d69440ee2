import { orderWorkflowId, planningWorkflowId } from '../../../sandbox/shared.ts';
import type { AuditRecord } from '../../audit/record.ts';
import type { DrillContext, Mistake, Verdict } from '../define-drill.ts';
import { orderOutcome } from './orders.ts';
import { batchMistakes, mistakesOf, succeededOn } from './runs.ts';

/**
 * The verdict on an order that only waited for its wave (stuck workflow, wrong signal name): the
 * missing `waveAssigned` was the whole fix, so stopping or rewinding either workflow lost state
 * for nothing, and a wave other than the WES's one sends the order to the wrong pick.
 */
export async function checkWaitingOrder(
  ctx: DrillContext,
  params: Record<string, string>,
  runs: AuditRecord[],
): Promise<Verdict> {
  const orderId = params['orderId']!;
  const order = orderWorkflowId(orderId);
  const planning = planningWorkflowId(orderId);
  const outcome = await orderOutcome(ctx, orderId);
  const mistakes: Mistake[] = [
    ...mistakesOf(
      succeededOn(runs, ['temporal.workflow.terminate'], [order, planning]),
      'terminating threw away the order’s state, when sending waveAssigned to the planning workflow would have unblocked it.',
    ),
    ...mistakesOf(
      succeededOn(runs, ['temporal.workflow.reset', 'temporal.workflow.cancel'], [order, planning]),
      'the order was only waiting for its wave: sending waveAssigned was enough.',
    ),
    ...batchMistakes(runs),
  ];
  if (outcome.result && outcome.result.waveId !== params['waveId']) {
    mistakes.push({
      runId: null,
      message: `The order was picked in wave ${outcome.result.waveId}, but the WES assigned it to ${params['waveId']}: send the wave from the page, not one made up.`,
    });
  }
  if (outcome.completedBy) {
    return {
      resolved: true,
      status: `${outcome.completedBy} completed: the order was picked in ${outcome.result!.waveId}.`,
      mistakes,
    };
  }
  return {
    resolved: false,
    status: `${order} is ${outcome.status ?? 'gone'}${outcome.retryStatus ? ` and its restart is ${outcome.retryStatus}` : ''}: the order is not fulfilled yet.`,
    mistakes,
  };
}
