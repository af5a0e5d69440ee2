import { reprocessingWorkflowId, type ReprocessingRun } from '../../sandbox/shared.ts';
import { defineDrill } from './define-drill.ts';
import { freshId, statusOf, waitUntil } from './shared/orders.ts';
import { batchMistakes, mistakesOf, succeededOn } from './shared/runs.ts';

/**
 * A run whose batch limit was set so high it never continues as new (seed §7). Bounded, so a
 * forgotten drill does not reprocess forever: 3,000 orders at 200 ms is ten minutes.
 */
const RUN: ReprocessingRun = { fromOrder: 1, toOrder: 3_000, batchLimit: 1_000_000, pacingMs: 200 };

/**
 * Seed §7: a reprocessing run's history grows towards the 50,000-event limit. The fix the runbook
 * gives is to terminate it (with a reason) and restart it, so the new run starts with an empty
 * history; a reset keeps the history it has, and terminating alone drops the remaining orders.
 */
export default defineDrill({
  id: 'history-size-limit',
  title: 'History growing towards the size limit',
  summary:
    'A reprocessing run never continues as new, so its history keeps growing towards the 50,000-event limit. Restart it before Temporal fails it.',
  runbook: 'workflow-history-size-limit',
  needs: ['temporal'],
  async inject(ctx) {
    const workflowId = reprocessingWorkflowId(`DRILL-${freshId()}`);
    await ctx.temporal((client) =>
      client.workflow.start('ReprocessingOrchestrationWorkflow', {
        taskQueue: ctx.taskQueue,
        workflowId,
        args: [RUN],
      }),
    );
    await waitUntil(
      ctx,
      () =>
        ctx.temporal(
          async (client) =>
            (await client.workflow.getHandle(workflowId).describe()).historyLength > 10,
        ),
      { what: `${workflowId} reprocessing its first orders` },
    );
    return {
      params: { workflowId },
      briefing: `The history of ${workflowId} grows by a few events every second and the alert says it will reach the limit. Keep the reprocessing going without letting it hit the limit.`,
    };
  },
  async check(ctx, params, runs) {
    const workflowId = params['workflowId']!;
    const retryId = `${workflowId}-retry`;
    const [status, retryStatus] = await ctx.temporal((client) =>
      Promise.all([statusOf(client, workflowId), statusOf(client, retryId)]),
    );
    const mistakes = [
      ...mistakesOf(
        succeededOn(runs, ['temporal.workflow.reset'], [workflowId]),
        'a reset keeps the history up to its reset point, so the run stays close to the limit.',
      ),
      ...batchMistakes(runs),
    ];
    const restarted = retryStatus === 'RUNNING' || retryStatus === 'COMPLETED';
    if (status !== 'RUNNING' && restarted) {
      return {
        resolved: true,
        status: `${workflowId} is ${status} and ${retryId} is ${retryStatus}, with a fresh history.`,
        mistakes,
      };
    }
    return {
      resolved: false,
      status:
        status === 'RUNNING'
          ? `${workflowId} is still RUNNING and its history is still growing.`
          : `${workflowId} is ${status} and nothing took over: the orders it had not reached are never reprocessed. Restart it.`,
      mistakes,
    };
  },
});
