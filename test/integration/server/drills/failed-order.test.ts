import { describe, expect, it, vi } from 'vitest';
import { orderWorkflowId, planningWorkflowId } from '../../../../sandbox/shared.ts';
import type { HistoryEvent } from '../../../../server/actions/temporal/shared/history.ts';
import { drillWorld } from '../../../support/drills.ts';

const world = drillWorld();

const order = (attempt: { params: Record<string, string> }) =>
  orderWorkflowId(attempt.params['orderId']!);
const run = (action: string, workflowId: string, extra: object = {}) =>
  world.runsheet.run({ action, input: { workflowId }, ...extra });
/**
 * Resets the order to the workflow task that scheduled `activity`, as a trainee picks it from the
 * history: resetting to the last workflow task would replay the failure.
 */
async function resetBefore(workflowId: string, activity: string) {
  const history = await run('temporal.workflow.history', workflowId);
  const events = (history.body.result as { events: HistoryEvent[] }).events;
  const scheduled = events.find(
    (event) =>
      event.eventType === 'ActivityTaskScheduled' &&
      JSON.stringify(event.attributes).includes(`"${activity}"`),
  )!;
  const point = events
    .filter((event) => event.eventType === 'WorkflowTaskCompleted')
    .findLast((event) => event.eventId < scheduled.eventId)!;
  return run('temporal.workflow.reset', workflowId, {
    input: { workflowId, to: 'eventId', eventId: point.eventId },
    confirm: true,
    reason: 'cause fixed',
  });
}
const untilStatus = (workflowId: string, status: string, timeout = 45_000) =>
  vi.waitFor(
    async () =>
      expect((await world.wms.client.workflow.getHandle(workflowId).describe()).status.name).toBe(
        status,
      ),
    { timeout, interval: 500 },
  );

describe('the failed-inventory drill', () => {
  it('injects an order that failed on InsufficientInventory', async () => {
    const attempt = await world.drills.begin('failed-inventory');
    expect(attempt.url).toBe(
      `/runbooks/failed-workflow-investigation/?orderId=${attempt.params['orderId']}`,
    );
    const history = await run('temporal.workflow.history', order(attempt), {
      input: { workflowId: order(attempt), eventTypes: ['ActivityTaskFailed'] },
    });
    expect(JSON.stringify(history.body.result)).toContain('InsufficientInventory');
  });

  it('is resolved by reading the failure, then resetting the order', async () => {
    const attempt = await world.drills.begin('failed-inventory');
    await run('temporal.workflow.describe', order(attempt));
    const reset = await resetBefore(order(attempt), 'ConfirmInventoryPick');
    expect(reset.status).toBe(200);
    await untilStatus(order(attempt), 'COMPLETED');
    const { body } = await world.drills.check(attempt.id);
    expect(body).toMatchObject({ resolved: true, mistakes: [] });
    expect(body.status).toMatch(new RegExp(`^${order(attempt)} completed`));
  });

  it('explains why a reset to the last workflow task fails again', async () => {
    const attempt = await world.drills.begin('failed-inventory');
    await run('temporal.workflow.describe', order(attempt));
    await run('temporal.workflow.reset', order(attempt), { confirm: true, reason: 'retry' });
    await untilStatus(order(attempt), 'FAILED');
    const { body } = await world.drills.check(attempt.id);
    expect(body.resolved).toBe(false);
    expect(body.status).toBe(
      `${order(attempt)} FAILED again after the reset: a reset to the last workflow task replays the failure. Reset to the WorkflowTaskCompleted event before the failed activity was scheduled (to: eventId).`,
    );
  });

  it('rejects a restart left waiting for its wave, and a fix done without reading why', async () => {
    const attempt = await world.drills.begin('failed-inventory');
    const restart = await run('temporal.workflow.restart', order(attempt), { confirm: true });
    expect(restart.status).toBe(200);
    const { body } = await world.drills.check(attempt.id);
    expect(body.resolved).toBe(false);
    expect(body.status).toBe(
      `${order(attempt)}-retry is RUNNING: a restarted order is planned again and waits for a new waveAssigned (Stuck Workflow Recovery, option A); resetting the failed run instead keeps its wave.`,
    );
    expect(body.mistakes).toEqual([
      {
        runId: restart.body.id,
        message: `temporal.workflow.restart on ${order(attempt)}: run before reading why the order failed (describe or history): a reset or restart repeats the failure while its cause is still there.`,
      },
    ]);
    await world.wms.client.workflow.getHandle(`${order(attempt)}-retry`).terminate('test over');
  });
});

describe('the activity-timeout drill', () => {
  it('fails the order on a ConsolidateItems heartbeat timeout; a reset once the scanner works resolves it', async () => {
    const attempt = await world.drills.begin('activity-timeout');
    expect(attempt.url).toBe(
      `/runbooks/activity-timeout-investigation/?orderId=${attempt.params['orderId']}`,
    );
    expect((await world.drills.check(attempt.id)).body.resolved).toBe(false);
    await untilStatus(order(attempt), 'FAILED');
    const history = await run('temporal.workflow.history', order(attempt), {
      input: { workflowId: order(attempt), eventTypes: ['ActivityTaskTimedOut'] },
    });
    expect(history.body.result).toMatchObject({ matchedEvents: 1 });
    // The scanner works again 30 s after the start.
    const clears = Date.parse(attempt.startedAt) + 31_000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, clears - Date.now())));
    expect((await resetBefore(order(attempt), 'ConsolidateItems')).status).toBe(200);
    await untilStatus(order(attempt), 'COMPLETED', 15_000);
    const { body } = await world.drills.check(attempt.id);
    expect(body).toMatchObject({ resolved: true, mistakes: [] });
  });

  it('rejects terminating the order while its activity retries', async () => {
    const attempt = await world.drills.begin('activity-timeout');
    const terminate = await run('temporal.workflow.terminate', order(attempt), {
      confirm: true,
      reason: 'it hangs',
    });
    expect(terminate.status).toBe(200);
    const { body } = await world.drills.check(attempt.id);
    expect(body.resolved).toBe(false);
    expect(body.mistakes.map((mistake) => mistake.runId)).toEqual([terminate.body.id]);
    expect(planningWorkflowId(attempt.params['orderId']!)).toMatch(/^planning-ORD-/);
  });
});
