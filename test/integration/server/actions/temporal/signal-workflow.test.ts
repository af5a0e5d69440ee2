import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orderWorkflowId, planningWorkflowId } from '../../../../../sandbox/shared.ts';
import { testApp } from '../../../../support/app.ts';
import { startWms, type Wms } from '../../../../support/wms.ts';

const temporal = inject('temporal');
const wave = { waveId: 'WAVE-123', scheduledStart: '2026-01-04T10:00:00Z' };
let runsheet: ReturnType<typeof testApp>;
let wms: Wms;

const signal = (workflowId: string, signalName: string, extra: object = {}) =>
  runsheet.run({
    action: 'temporal.workflow.signal',
    input: { workflowId, signalName, input: wave },
    ...extra,
  });

beforeAll(async () => {
  wms = await startWms(temporal);
  runsheet = testApp({ temporal, identity: { localUser: 'alice@example.com' } });
});

afterAll(async () => {
  await runsheet?.close();
  await wms?.close();
});

describe('temporal.workflow.signal', () => {
  it('answers 409 with a preview until the person confirms', async () => {
    const { orderId } = await wms.stuckOrder();
    const { status, body } = await signal(planningWorkflowId(orderId), 'waveAssigned');
    expect(status).toBe(409);
    expect(body.error).toMatchObject({
      code: 'confirmation_required',
      preview: {
        summary: `Send signal waveAssigned to ${planningWorkflowId(orderId)} (PlanningWorkflow, RUNNING)`,
        details: { signalName: 'waveAssigned', input: wave },
      },
    });
  });

  it('refuses a signal name the workflow does not handle, naming the ones it does (seed §8)', async () => {
    const { orderId } = await wms.stuckOrder();
    const { status, body } = await signal(planningWorkflowId(orderId), 'waveAssign', {
      confirm: true,
    });
    expect(status).toBe(409);
    expect(body.error!.code).toBe('precondition_failed');
    expect(body.error!.message).toBe(
      `${planningWorkflowId(orderId)} (PlanningWorkflow) has no handler for signal "waveAssign", so it would ignore it. Signals it handles: waveAssigned. Did you mean waveAssigned?`,
    );
  });

  it('refuses to signal the wrong workflow of the order (seed §8: wrong workflow ID)', async () => {
    const { orderId } = await wms.stuckOrder();
    const { body } = await signal(orderWorkflowId(orderId), 'waveAssigned', { confirm: true });
    expect(body.error!.message).toContain(
      '(OrderFulfillmentWorkflow) has no handler for signal "waveAssigned"',
    );
  });

  it('previews a workflow no worker polls for at once, saying the name could not be checked', async () => {
    // Its worker is gone: Temporal would hold the metadata query until the RPC deadline.
    const taskQueue = `no-worker-${crypto.randomUUID()}`;
    const orphan = await wms.client.workflow.start('PlanningWorkflow', {
      taskQueue,
      workflowId: `orphan-${crypto.randomUUID()}`,
    });
    const { status, body } = await signal(orphan.workflowId, 'waveAssigned');
    expect(status).toBe(409);
    expect(body.error!.preview!.warnings).toEqual([
      `Could not check the signal name: no worker answered for task queue ${taskQueue} (none is polling it, or its SDK does not report signal handlers).`,
    ]);
    await orphan.terminate('test done');
  });

  it('refuses to signal a closed workflow instead of losing the signal', async () => {
    const { orderId, handle } = await wms.stuckOrder();
    await wms.assignWave(orderId);
    await handle.result();
    const { status, body } = await signal(planningWorkflowId(orderId), 'waveAssigned', {
      confirm: true,
    });
    expect(status).toBe(409);
    expect(body.error!.message).toBe(
      `${planningWorkflowId(orderId)} is COMPLETED: a signal to a closed workflow is never delivered. Start or restart it instead.`,
    );
  });

  it('sends the signal once confirmed; the order completes and the history names who and why', async () => {
    const { orderId, handle } = await wms.stuckOrder();
    const { status, body } = await signal(planningWorkflowId(orderId), 'waveAssigned', {
      confirm: true,
      reason: 'INC-42: WES lost the wave assignment',
    });
    expect(status).toBe(200);
    expect(body.actor).toBe('alice@example.com');
    expect(body.result).toMatchObject({ signalName: 'waveAssigned', delivered: true });
    await expect(handle.result()).resolves.toMatchObject({ orderId, waveId: 'WAVE-123' });

    const history = await wms.client.workflow.getHandle(planningWorkflowId(orderId)).fetchHistory();
    const signalled = history.events!.find(
      (event) => event.workflowExecutionSignaledEventAttributes,
    )!.workflowExecutionSignaledEventAttributes!;
    expect(signalled.identity).toBe('runsheet:alice@example.com');
    const reason = signalled.header!.fields!['runsheet-reason']!;
    expect(JSON.parse(Buffer.from(reason.data!).toString())).toBe(
      'INC-42: WES lost the wave assignment',
    );
  });
});
