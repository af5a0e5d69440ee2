import { describe, expect, it } from 'vitest';
import { orderWorkflowId, planningWorkflowId } from '../../../../sandbox/shared.ts';
import { drillWorld } from '../../../support/drills.ts';

const world = drillWorld();

const sendWave = (params: Record<string, string>, extra: object = {}) =>
  world.runsheet.run({
    action: 'temporal.workflow.signal',
    input: {
      workflowId: planningWorkflowId(params['orderId']!),
      signalName: 'waveAssigned',
      input: { waveId: params['waveId'], scheduledStart: params['scheduledStart'] },
    },
    confirm: true,
    page: '/runbooks/stuck-workflow-recovery/',
    ...extra,
  });

describe('the stuck-workflow drill', () => {
  it('injects a fresh stuck order and opens the runbook with its parameters', async () => {
    const first = await world.drills.begin('stuck-workflow');
    const second = await world.drills.begin('stuck-workflow');
    expect(first.params['orderId']).toMatch(/^ORD-[0-9A-F]{8}$/);
    expect(first.params['orderId']).not.toBe(second.params['orderId']);
    expect(first.url).toBe(
      `/runbooks/stuck-workflow-recovery/?orderId=${first.params['orderId']}&waveId=${first.params['waveId']}&scheduledStart=${encodeURIComponent(first.params['scheduledStart']!)}`,
    );
    const planning = world.wms.client.workflow.getHandle(
      planningWorkflowId(first.params['orderId']!),
    );
    expect(await planning.query<{ state: string }>('getStatus')).toMatchObject({
      state: 'WAITING_FOR_WAVE',
    });
    const { body } = await world.drills.check(first.id);
    expect(body).toMatchObject({ resolved: false, resolvedAt: null, mistakes: [] });
    expect(body.checks[0]!.status).toBe(
      `${orderWorkflowId(first.params['orderId']!)} is RUNNING: the order is not fulfilled yet.`,
    );
  });

  it('is resolved by the waveAssigned signal, with a report of the steps and the trail', async () => {
    const attempt = await world.drills.begin('stuck-workflow');
    const orderId = attempt.params['orderId']!;
    await world.runsheet.run({
      action: 'temporal.workflow.describe',
      input: { workflowId: orderWorkflowId(orderId) },
    });
    expect((await sendWave(attempt.params)).status).toBe(200);
    await world.wms.client.workflow.getHandle(orderWorkflowId(orderId)).result();

    const { status, body } = await world.drills.check(attempt.id);
    expect(status).toBe(200);
    expect(body).toMatchObject({ resolved: true, mistakes: [], trainee: 'trainee@example.com' });
    expect(body.timeToResolveMs).toBeGreaterThan(0);

    const report = (await world.drills.report(attempt.id)).body;
    expect(report.steps.map((step) => step.action)).toEqual([
      'temporal.workflow.describe',
      'temporal.workflow.signal',
    ]);
    expect(report.trail.map((record) => record.kind)).toEqual([
      'drill.started',
      'started',
      'finished',
      'started',
      'finished',
      'drill.checked',
    ]);
    expect((await world.runsheet.audit.verify()).ok).toBe(true);
  });

  it('rejects terminating the order when the signal would have fixed it', async () => {
    const attempt = await world.drills.begin('stuck-workflow');
    const orderId = attempt.params['orderId']!;
    const terminate = await world.runsheet.run({
      action: 'temporal.workflow.terminate',
      input: { workflowId: orderWorkflowId(orderId) },
      confirm: true,
      reason: 'Stuck workflow - manual restart required',
    });
    expect(terminate.status).toBe(200);

    const { body } = await world.drills.check(attempt.id);
    expect(body.resolved).toBe(false);
    expect(body.checks[0]!.status).toBe(
      `${orderWorkflowId(orderId)} is TERMINATED: the order is not fulfilled yet.`,
    );
    expect(body.mistakes).toEqual([
      {
        runId: terminate.body.id,
        message: `temporal.workflow.terminate on ${orderWorkflowId(orderId)}: terminating threw away the order’s state, when sending waveAssigned to the planning workflow would have unblocked it.`,
      },
    ]);
  });

  it('flags a wave other than the one the WES assigned', async () => {
    const attempt = await world.drills.begin('stuck-workflow');
    await sendWave({ ...attempt.params, waveId: 'WAVE-MADE-UP' });
    await world.wms.client.workflow.getHandle(orderWorkflowId(attempt.params['orderId']!)).result();
    const { body } = await world.drills.check(attempt.id);
    expect(body.resolved).toBe(true);
    expect(body.mistakes.map((mistake) => mistake.message)).toEqual([
      `The order was picked in wave WAVE-MADE-UP, but the WES assigned it to ${attempt.params['waveId']}: send the wave from the page, not one made up.`,
    ]);
  });
});

describe('the wrong-signal-name drill', () => {
  it('leaves a waveAssign signal in the history that the workflow ignored', async () => {
    const attempt = await world.drills.begin('wrong-signal-name');
    expect(attempt.url).toMatch(/^\/runbooks\/signal-loss-investigation\/\?orderId=ORD-/);
    const history = await world.runsheet.run<{ events: { eventType: string }[] }>({
      action: 'temporal.workflow.history',
      input: {
        workflowId: planningWorkflowId(attempt.params['orderId']!),
        eventTypes: ['WorkflowExecutionSignaled'],
      },
    });
    expect(JSON.stringify(history.body.result)).toContain('"waveAssign"');
    const { body } = await world.drills.check(attempt.id);
    expect(body.resolved).toBe(false);
  });

  it('is resolved by resending the wave as waveAssigned', async () => {
    const attempt = await world.drills.begin('wrong-signal-name');
    expect((await sendWave(attempt.params)).status).toBe(200);
    await world.wms.client.workflow.getHandle(orderWorkflowId(attempt.params['orderId']!)).result();
    const { body } = await world.drills.check(attempt.id);
    expect(body).toMatchObject({ resolved: true, mistakes: [] });
  });

  it('rejects resetting the planning workflow instead of resending the signal', async () => {
    const attempt = await world.drills.begin('wrong-signal-name');
    const planning = planningWorkflowId(attempt.params['orderId']!);
    const reset = await world.runsheet.run({
      action: 'temporal.workflow.reset',
      input: { workflowId: planning },
      confirm: true,
      reason: 'try a reset',
    });
    expect(reset.status).toBe(200);
    const { body } = await world.drills.check(attempt.id);
    expect(body.resolved).toBe(false);
    expect(body.mistakes).toEqual([
      {
        runId: reset.body.id,
        message: `temporal.workflow.reset on ${planning}: the order was only waiting for its wave: sending waveAssigned was enough.`,
      },
    ]);
  });
});
