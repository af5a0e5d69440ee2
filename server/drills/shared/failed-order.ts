import { orderWorkflowId } from '../../../sandbox/shared.ts';
import type { AuditRecord } from '../../audit/record.ts';
import type { DrillContext, Mistake, Verdict } from '../define-drill.ts';
import { orderOutcome } from './orders.ts';
import { batchMistakes, mistakesOf, succeededOn, workflowOf } from './runs.ts';

const READS = ['temporal.workflow.describe', 'temporal.workflow.history'];
const FIXES = ['temporal.workflow.reset', 'temporal.workflow.restart'];

/**
 * The verdict on an order that failed for a cause that has since cleared (stock back, scanner
 * unjammed): it is resolved once the order completes, by a reset of the failed run or by a restart
 * that is then given its wave. Fixing it without first reading why it failed is a mistake: the same
 * button on an order whose cause is still there fails it again.
 */
export async function checkFailedOrder(
  ctx: DrillContext,
  params: Record<string, string>,
  runs: AuditRecord[],
  { cause }: { cause: string },
): Promise<Verdict> {
  const orderId = params['orderId']!;
  const order = orderWorkflowId(orderId);
  const outcome = await orderOutcome(ctx, orderId);
  const mistakes: Mistake[] = [
    ...mistakesOf(
      succeededOn(runs, ['temporal.workflow.terminate'], [order]),
      `terminating the order while it retried threw away its progress; let it fail, read why (${cause}), then reset it.`,
    ),
    ...batchMistakes(runs),
  ];
  const firstFix = succeededOn(runs, FIXES, [order])[0];
  const read = runs.some(
    (run) =>
      run.outcome === 'succeeded' &&
      READS.includes(run.action) &&
      workflowOf(run) === order &&
      (!firstFix || run.seq < firstFix.seq),
  );
  if (firstFix && !read) {
    mistakes.push(
      ...mistakesOf(
        [firstFix],
        'run before reading why the order failed (describe or history): a reset or restart repeats the failure while its cause is still there.',
      ),
    );
  }
  if (outcome.completedBy) {
    return {
      resolved: true,
      status: `${outcome.completedBy} completed: the order was picked in ${outcome.result!.waveId}.`,
      mistakes,
    };
  }
  const reset = succeededOn(runs, ['temporal.workflow.reset'], [order]).length > 0;
  const status =
    outcome.status === 'FAILED' && reset
      ? `${order} FAILED again after the reset: a reset to the last workflow task replays the failure. Reset to the WorkflowTaskCompleted event before the failed activity was scheduled (to: eventId).`
      : outcome.retryStatus === 'RUNNING'
        ? `${order}-retry is RUNNING: a restarted order is planned again and waits for a new waveAssigned (Stuck Workflow Recovery, option A); resetting the failed run instead keeps its wave.`
        : `${order} is ${outcome.status ?? 'gone'}: the order is not fulfilled yet.`;
  return { resolved: false, status, mistakes };
}
