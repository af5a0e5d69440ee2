import { afterAll, describe, expect, it } from 'vitest';
import { drillWorld } from '../../../support/drills.ts';

const world = drillWorld();
const started: string[] = [];

afterAll(async () => {
  // The reprocessing runs would go on for minutes: stop what the tests left running (this hook
  // runs before drillWorld's, which stops the worker and Runsheet).
  for (const workflowId of started.flatMap((id) => [id, `${id}-retry`])) {
    await world.wms.client.workflow
      .getHandle(workflowId)
      .terminate('test over')
      .catch(() => undefined);
  }
});

async function begin() {
  const attempt = await world.drills.begin('history-size-limit');
  started.push(attempt.params['workflowId']!);
  return { attempt, workflowId: attempt.params['workflowId']! };
}

const terminate = (workflowId: string) =>
  world.runsheet.run({
    action: 'temporal.workflow.terminate',
    input: { workflowId },
    confirm: true,
    reason: 'History size limit - manual restart with ContinueAsNew',
  });

describe('the history-size-limit drill', () => {
  it('injects a reprocessing run whose history keeps growing', async () => {
    const { attempt, workflowId } = await begin();
    expect(workflowId).toMatch(/^reprocessing-run-DRILL-[0-9A-F]{8}$/);
    expect(attempt.url).toBe(`/runbooks/workflow-history-size-limit/?workflowId=${workflowId}`);
    const { body } = await world.drills.check(attempt.id);
    expect(body).toMatchObject({
      resolved: false,
      status: `${workflowId} is still RUNNING and its history is still growing.`,
    });
  });

  it('is resolved by terminating the run and restarting it', async () => {
    const { attempt, workflowId } = await begin();
    expect((await terminate(workflowId)).status).toBe(200);
    const restart = await world.runsheet.run({
      action: 'temporal.workflow.restart',
      input: { workflowId },
      confirm: true,
    });
    expect(restart.status).toBe(200);
    const { body } = await world.drills.check(attempt.id);
    expect(body).toMatchObject({
      resolved: true,
      mistakes: [],
      status: `${workflowId} is TERMINATED and ${workflowId}-retry is RUNNING, with a fresh history.`,
    });
    expect((await world.drills.report(attempt.id)).body.steps.map((step) => step.action)).toEqual([
      'temporal.workflow.terminate',
      'temporal.workflow.restart',
    ]);
  });

  it('rejects terminating without a restart: the remaining orders are never reprocessed', async () => {
    const { attempt, workflowId } = await begin();
    await terminate(workflowId);
    const { body } = await world.drills.check(attempt.id);
    expect(body).toMatchObject({
      resolved: false,
      status: `${workflowId} is TERMINATED and nothing took over: the orders it had not reached are never reprocessed. Restart it.`,
    });
  });
});
