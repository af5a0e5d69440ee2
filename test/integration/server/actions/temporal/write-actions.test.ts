import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { orderWorkflowId } from '../../../../../sandbox/shared.ts';
import { testApp } from '../../../../support/app.ts';
import { startWms, type Wms } from '../../../../support/wms.ts';

const temporal = inject('temporal');
let runsheet: ReturnType<typeof testApp>;
let wms: Wms;

beforeAll(async () => {
  wms = await startWms(temporal);
  runsheet = testApp({ temporal, identity: { localUser: 'bob@example.com' } });
});

afterAll(async () => {
  await runsheet?.close();
  await wms?.close();
});

describe('temporal.workflow.cancel', () => {
  it('asks the workflow to cancel, recording the reason and the person', async () => {
    const orderId = wms.newOrderId();
    const handle = await wms.startOrder(orderId);
    const reason = 'Customer requested cancellation';
    const { status, body } = await runsheet.run({
      action: 'temporal.workflow.cancel',
      input: { workflowId: orderWorkflowId(orderId) },
      confirm: true,
      reason,
    });
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ cancelRequested: true });
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    const requested = (await handle.fetchHistory()).events!.find(
      (event) => event.workflowExecutionCancelRequestedEventAttributes,
    )!.workflowExecutionCancelRequestedEventAttributes!;
    expect(requested).toMatchObject({ cause: reason, identity: 'runsheet:bob@example.com' });
  });
});

describe('temporal.workflow.start', () => {
  it('starts a workflow with a JSON input and records who started it', async () => {
    const orderId = wms.newOrderId();
    const order = { orderId, customerId: 'CUST-9', lines: [{ sku: 'SKU-PEARS', quantity: 1 }] };
    const { status, body } = await runsheet.run<{ runId: string }>({
      action: 'temporal.workflow.start',
      input: {
        taskQueue: wms.taskQueue,
        workflowType: 'OrderFulfillmentWorkflow',
        workflowId: orderWorkflowId(orderId),
        input: order,
      },
      confirm: true,
    });
    expect(status).toBe(200);
    const description = await wms.client.workflow.getHandle(orderWorkflowId(orderId)).describe();
    expect(description.runId).toBe(body.result!.runId);
    expect(description.memo).toEqual({ runsheet: { startedBy: 'bob@example.com', reason: null } });
  });

  it('refuses to start over a workflow that is still running', async () => {
    const orderId = wms.newOrderId();
    await wms.startOrder(orderId);
    const { status, body } = await runsheet.run({
      action: 'temporal.workflow.start',
      input: {
        taskQueue: wms.taskQueue,
        workflowType: 'OrderFulfillmentWorkflow',
        workflowId: orderWorkflowId(orderId),
      },
      confirm: true,
    });
    expect(status).toBe(409);
    expect(body.error!.message).toMatch(
      new RegExp(`^${orderWorkflowId(orderId)} is already running`),
    );
  });
});

describe('temporal.workflow.restart', () => {
  it('starts the failed order again under -retry with the input of its WorkflowExecutionStarted event', async () => {
    const orderId = wms.newOrderId();
    const failed = await wms.startOrder(orderId, 'SKU-OUT-OF-STOCK');
    await wms.assignWave(orderId);
    await expect(failed.result()).rejects.toBeInstanceOf(WorkflowFailedError);

    const preview = await runsheet.run({
      action: 'temporal.workflow.restart',
      input: { workflowId: orderWorkflowId(orderId) },
    });
    expect(preview.status).toBe(409);
    expect(preview.body.error!.preview).toMatchObject({
      details: {
        workflowId: `${orderWorkflowId(orderId)}-retry`,
        input: [
          { orderId, customerId: 'CUST-1', lines: [{ sku: 'SKU-OUT-OF-STOCK', quantity: 2 }] },
        ],
      },
    });

    const { status, body } = await runsheet.run<{
      workflowId: string;
      runId: string;
      from: { runId: string };
    }>({
      action: 'temporal.workflow.restart',
      input: { workflowId: orderWorkflowId(orderId) },
      confirm: true,
      reason: 'Stuck workflow - manual restart required',
    });
    expect(status).toBe(200);
    expect(body.result).toMatchObject({
      workflowId: `${orderWorkflowId(orderId)}-retry`,
      from: { runId: failed.firstExecutionRunId },
    });
    const retry = wms.client.workflow.getHandle(body.result!.workflowId);
    const started = (await retry.fetchHistory()).events![0]!
      .workflowExecutionStartedEventAttributes!;
    const original = (await failed.fetchHistory()).events![0]!
      .workflowExecutionStartedEventAttributes!;
    expect(started.input).toEqual(original.input);
    expect((await retry.describe()).memo).toMatchObject({
      runsheet: {
        restartOf: { workflowId: orderWorkflowId(orderId), runId: failed.firstExecutionRunId },
        startedBy: 'bob@example.com',
      },
    });
  });

  it('refuses to restart a workflow that is still running', async () => {
    const orderId = wms.newOrderId();
    const running = await wms.startOrder(orderId);
    await vi.waitFor(
      async () => expect((await running.describe()).historyLength).toBeGreaterThan(3),
      { timeout: 15_000, interval: 250 },
    );
    const { status, body } = await runsheet.run({
      action: 'temporal.workflow.restart',
      input: { workflowId: orderWorkflowId(orderId) },
      confirm: true,
    });
    expect(status).toBe(409);
    expect(body.error!.message).toContain(
      'is still RUNNING: a restart now would process the same work twice',
    );
  });
});
