import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { WorkflowDescription } from '../../../../../server/actions/temporal/shared/workflow.ts';
import { freePort } from '../../../../../sandbox/processes.ts';
import { orderWorkflowId, planningWorkflowId } from '../../../../../sandbox/shared.ts';
import { testApp } from '../../../../support/app.ts';
import { startWms, type Wms } from '../../../../support/wms.ts';

const temporal = inject('temporal');
let runsheet: ReturnType<typeof testApp>;
let wms: Wms;

const describeWorkflow = (workflowId: string) =>
  runsheet.run<WorkflowDescription>({
    action: 'temporal.workflow.describe',
    input: { workflowId },
  });

beforeAll(async () => {
  wms = await startWms(temporal);
  runsheet = testApp({ temporal });
});

afterAll(async () => {
  await runsheet?.close();
  await wms?.close();
});

describe('temporal.workflow.describe against a real Temporal server', () => {
  it('describes a running order that waits for its wave, with its pending planning child', async () => {
    const orderId = wms.newOrderId();
    const handle = await wms.startOrder(orderId);
    await expect
      .poll(async () => (await handle.describe()).raw.pendingChildren?.length ?? 0)
      .toBe(1);

    const { status, body } = await describeWorkflow(orderWorkflowId(orderId));

    expect(status).toBe(200);
    expect(body.action).toBe('temporal.workflow.describe');
    expect(body.result).toMatchObject({
      workflowId: orderWorkflowId(orderId),
      runId: handle.firstExecutionRunId,
      type: 'OrderFulfillmentWorkflow',
      taskQueue: wms.taskQueue,
      status: 'RUNNING',
      closeTime: null,
      pendingChildren: [
        { workflowId: planningWorkflowId(orderId), workflowType: 'PlanningWorkflow' },
      ],
    });
    expect(Date.parse(body.result!.startTime)).not.toBeNaN();
    expect(body.result!.historyLength).toBeGreaterThan(0);
  });

  it('describes a completed order with its close time and full history length', async () => {
    const orderId = wms.newOrderId();
    const handle = await wms.startOrder(orderId);
    await wms.assignWave(orderId);
    await handle.result();

    const { status, body } = await describeWorkflow(orderWorkflowId(orderId));

    expect(status).toBe(200);
    expect(body.result).toMatchObject({
      status: 'COMPLETED',
      pendingActivities: [],
      pendingChildren: [],
    });
    expect(Date.parse(body.result!.closeTime!)).toBeGreaterThanOrEqual(
      Date.parse(body.result!.startTime),
    );
    expect(body.result!.historyLength).toBe((await handle.fetchHistory()).events?.length);
  });

  it('describes an order that failed with InsufficientInventory', async () => {
    const orderId = wms.newOrderId();
    const handle = await wms.startOrder(orderId, 'SKU-OUT-OF-STOCK');
    await wms.assignWave(orderId);
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);

    const { status, body } = await describeWorkflow(orderWorkflowId(orderId));

    expect(status).toBe(200);
    expect(body.result).toMatchObject({ status: 'FAILED', type: 'OrderFulfillmentWorkflow' });
  });

  it('answers 404 with a hint for a workflow that does not exist', async () => {
    const { status, body } = await describeWorkflow('order-fulfillment-ORD-DOES-NOT-EXIST');

    expect(status).toBe(404);
    expect(body.error).toEqual({
      code: 'not_found',
      message:
        'Workflow "order-fulfillment-ORD-DOES-NOT-EXIST" was not found in namespace "default".',
      hint: expect.stringContaining('Check the workflow ID'),
    });
  });

  it('answers 503 naming the address when Temporal is unreachable', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const offline = testApp({ temporal: { address, connectTimeoutMs: 1_000 } });
    try {
      const { status, body } = await offline.run({
        action: 'temporal.workflow.describe',
        input: { workflowId: 'order-fulfillment-ORD-12345' },
      });
      expect(status).toBe(503);
      expect(body.error).toMatchObject({
        code: 'target_unreachable',
        message: `Temporal is unreachable at ${address}.`,
      });
      expect(body.error!.hint).toContain('RUNSHEET_TEMPORAL_ADDRESS');
    } finally {
      await offline.close();
    }
  });

  it('answers 504 when Temporal does not answer within the deadline', async () => {
    const impatient = testApp({ temporal: { ...temporal, rpcTimeoutMs: 1 } });
    try {
      // Connect first, so that the deadline falls on the describe call itself.
      await impatient.app.request('/api/ready');
      const { status, body } = await impatient.run({
        action: 'temporal.workflow.describe',
        input: { workflowId: 'order-fulfillment-ORD-12345' },
      });
      expect(status).toBe(504);
      expect(body.error).toMatchObject({
        code: 'deadline_exceeded',
        message: `Temporal at ${temporal.address} did not answer in time.`,
      });
    } finally {
      await impatient.close();
    }
  });

  it('answers 503 target_not_configured when no Temporal is configured', async () => {
    const unconfigured = testApp();
    try {
      const { status, body } = await unconfigured.run({
        action: 'temporal.workflow.describe',
        input: { workflowId: 'order-fulfillment-ORD-12345' },
      });
      expect(status).toBe(503);
      expect(body.error).toMatchObject({
        code: 'target_not_configured',
        message: 'No Temporal server is configured.',
      });
    } finally {
      await unconfigured.close();
    }
  });

  it('reports the target ready, with its latency, in /api/ready', async () => {
    const response = await runsheet.app.request('/api/ready');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      ready: true,
      targets: [
        { name: 'temporal', address: temporal.address, ok: true, latencyMs: expect.any(Number) },
      ],
    });
  });
});
