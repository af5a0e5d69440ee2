import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { WorkflowResult } from '../../../../../server/actions/temporal/workflow-result.ts';
import { testApp } from '../../../../support/app.ts';
import { startWms, type Wms } from '../../../../support/wms.ts';

const temporal = inject('temporal');
let wms: Wms;
let runsheet: ReturnType<typeof testApp>;

beforeAll(async () => {
  wms = await startWms(temporal);
  runsheet = testApp({ temporal, identity: { localUser: 'ivan@example.com' } });
});
afterAll(async () => {
  await runsheet?.close();
  await wms?.close();
});

const result = (input: object) =>
  runsheet.run<WorkflowResult>({ action: 'temporal.workflow.result', input });

describe('temporal.workflow.result', () => {
  it('follows continue-as-new to the run that returned, as temporal workflow result does', async () => {
    const workflowId = `reprocessing-run-${randomUUID().slice(0, 8)}`;
    const first = await wms.client.workflow.start('ReprocessingOrchestrationWorkflow', {
      taskQueue: wms.taskQueue,
      workflowId,
      args: [{ fromOrder: 1, toOrder: 3, batchLimit: 1 }],
    });
    const { status, body } = await result({ workflowId, runId: first.firstExecutionRunId });
    expect(body.error).toBeUndefined();
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ workflowId, status: 'COMPLETED', result: 3 });
    expect(body.result!.continuedAsNew).toHaveLength(2);
    expect(body.result!.continuedAsNew[0]).toBe(first.firstExecutionRunId);
    expect(body.result!.runId).toBe(
      (await wms.client.workflow.getHandle(workflowId).describe()).runId,
    );
  });

  it('says who terminated a workflow and why', async () => {
    const { handle } = await startedOrder();
    await wms.client.workflowService.terminateWorkflowExecution({
      namespace: temporal.namespace,
      workflowExecution: { workflowId: handle.workflowId },
      reason: 'duplicate order',
      identity: 'runsheet:judy@example.com',
    });
    const { body } = await result({ workflowId: handle.workflowId });
    expect(body.result).toMatchObject({
      status: 'TERMINATED',
      result: null,
      terminated: { reason: 'duplicate order', identity: 'runsheet:judy@example.com' },
    });
  });

  it('answers 504 for a workflow still running when the wait ends, saying what to do', async () => {
    const { handle } = await startedOrder();
    try {
      const { status, body } = await result({ workflowId: handle.workflowId, waitSeconds: 1 });
      expect(status).toBe(504);
      expect(body.error).toMatchObject({
        code: 'deadline_exceeded',
        message: `${handle.workflowId} is still running after 1 s: it has no result yet.`,
      });
    } finally {
      await handle.terminate('test over');
    }
  });

  it('names a workflow that does not exist (404)', async () => {
    const { status, body } = await result({ workflowId: 'order-fulfillment-ORD-NOPE' });
    expect(status).toBe(404);
    expect(body.error!.message).toBe(
      `Workflow "order-fulfillment-ORD-NOPE" was not found in namespace "${temporal.namespace}".`,
    );
  });
});

async function startedOrder() {
  const orderId = wms.newOrderId();
  return { orderId, handle: await wms.startOrder(orderId) };
}
