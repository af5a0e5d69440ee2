import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { markOutOfStock, restock } from '../../../../../sandbox/inventory.ts';
import { orderWorkflowId, planningWorkflowId } from '../../../../../sandbox/shared.ts';
import { testApp } from '../../../../support/app.ts';
import { runStreaming } from '../../../../support/sse.ts';
import { startWms, type Wms } from '../../../../support/wms.ts';

const temporal = inject('temporal');
let runsheet: ReturnType<typeof testApp>;
let wms: Wms;

beforeAll(async () => {
  wms = await startWms(temporal);
  runsheet = testApp({ temporal, identity: { localUser: 'carol@example.com' } });
});

afterAll(async () => {
  await runsheet?.close();
  await wms?.close();
});

describe('temporal.workflow.terminate', () => {
  it('without a reason answers 409 with a preview that points at the gentler fixes', async () => {
    const { orderId } = await wms.stuckOrder();
    const { status, body } = await runsheet.run({
      action: 'temporal.workflow.terminate',
      input: { workflowId: orderWorkflowId(orderId) },
      confirm: true,
    });
    expect(status).toBe(409);
    expect(body.error!.code).toBe('confirmation_required');
    expect(body.error!.message).toMatch(/^Terminate workflow is destructive: give a reason/);
    const warnings = body.error!.preview!.warnings!.join('\n');
    expect(warnings).toContain(
      `It is waiting on child ${planningWorkflowId(orderId)} (PlanningWorkflow)`,
    );
    expect(warnings).toContain('temporal.workflow.cancel lets it clean up');
  });

  it('terminates with a reason, which Temporal records with the person', async () => {
    const { orderId, handle } = await wms.stuckOrder();
    const reason = 'Emergency stop: [ticket-123] - system overload';
    const { status, body } = await runsheet.run({
      action: 'temporal.workflow.terminate',
      input: { workflowId: orderWorkflowId(orderId) },
      confirm: true,
      reason,
    });
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ statusAfter: 'TERMINATED' });
    const terminated = (await handle.fetchHistory()).events!.at(
      -1,
    )!.workflowExecutionTerminatedEventAttributes!;
    expect(terminated).toMatchObject({ reason, identity: 'runsheet:carol@example.com' });
  });
});

describe('temporal.workflow.reset', () => {
  it('resets a failed order to before its inventory check; after a restock it completes', async () => {
    const sku = `SKU-${randomUUID().slice(0, 6)}`;
    markOutOfStock(sku);
    const orderId = wms.newOrderId();
    const failed = await wms.startOrder(orderId, sku);
    await wms.assignWave(orderId);
    await expect(failed.result()).rejects.toBeInstanceOf(WorkflowFailedError);

    const preview = await runsheet.run({
      action: 'temporal.workflow.reset',
      input: { workflowId: orderWorkflowId(orderId) },
    });
    const points = (
      preview.body.error!.preview!.details as { resetPoints: { eventId: number; then: string }[] }
    ).resetPoints;
    const beforeCheck = points.find(
      (point) => point.then === 'ActivityTaskScheduled ConfirmInventoryPick',
    )!;
    expect(beforeCheck).toBeDefined();

    restock(sku);
    const { status, body } = await runsheet.run<{ newRunId: string }>({
      action: 'temporal.workflow.reset',
      input: { workflowId: orderWorkflowId(orderId), to: 'eventId', eventId: beforeCheck.eventId },
      confirm: true,
      reason: 'Inventory replenished',
    });
    expect(status).toBe(200);
    const newRun = wms.client.workflow.getHandle(orderWorkflowId(orderId), body.result!.newRunId);
    await expect(newRun.result()).resolves.toMatchObject({ orderId });
  });

  it('refuses a reset point that is not a workflow task, listing the ones that are', async () => {
    const { orderId } = await wms.stuckOrder();
    const { status, body } = await runsheet.run({
      action: 'temporal.workflow.reset',
      input: { workflowId: orderWorkflowId(orderId), to: 'eventId', eventId: 1 },
      confirm: true,
      reason: 'test',
    });
    expect(status).toBe(409);
    expect(body.error!.message).toMatch(
      /^Event 1 is WorkflowExecutionStarted; a reset point must be a WorkflowTaskCompleted event \(here: \d+/,
    );
  });

  it('says what is wrong with eventId given without to=eventId', async () => {
    const { status, body } = await runsheet.run({
      action: 'temporal.workflow.reset',
      input: { workflowId: 'order-fulfillment-ORD-1', eventId: 4 },
    });
    expect(status).toBe(400);
    expect(body.error!.message).toBe(
      'Invalid input for temporal.workflow.reset: eventId: give eventId exactly when to is eventId',
    );
  });
});

describe('temporal.batch.terminate', () => {
  async function stuckOrders(count: number, label: string) {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const orderId = `ORD-${label}-${i}`;
      await wms.startOrder(orderId);
      ids.push(orderWorkflowId(orderId));
    }
    const query = `TaskQueue="${wms.taskQueue}" AND WorkflowId STARTS_WITH "order-fulfillment-ORD-${label}"`;
    await wms.untilRunning(query, count);
    return { ids, query };
  }

  it('refuses more workflows than the cap, even when confirmed, saying how many match', async () => {
    const { query } = await stuckOrders(4, `CAP${randomUUID().slice(0, 4)}`);
    const { status, body } = await runsheet.run({
      action: 'temporal.batch.terminate',
      input: { query, cap: 3 },
      confirm: true,
      reason: 'maintenance window',
    });
    expect(status).toBe(409);
    expect(body.error!.code).toBe('precondition_failed');
    expect(body.error!.message).toMatch(/^4 running workflows match, over the cap of 3/);
    expect(body.error!.preview).toMatchObject({ count: 4 });
    expect(body.error!.preview!.affected).toHaveLength(4);
  });

  it('terminates each matching workflow, streaming progress, and lists what succeeded', async () => {
    const { ids, query } = await stuckOrders(5, `BATCH${randomUUID().slice(0, 4)}`);
    const events = await runStreaming(runsheet.app, {
      action: 'temporal.batch.terminate',
      input: { query, concurrency: 2 },
      confirm: true,
      reason: 'Emergency stop: [incident-456]',
    });
    const progress = events.filter((event) => event.event === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.data).toMatchObject({ done: 5, total: 5 });
    const result = events.at(-1)!;
    expect(result.event).toBe('result');
    const outcome = (
      result.data as { result: { succeeded: { workflowId: string }[]; failed: unknown[] } }
    ).result;
    expect(outcome.succeeded.map((item) => item.workflowId).sort()).toEqual(ids.sort());
    expect(outcome.failed).toEqual([]);
    for (const id of ids) {
      expect((await wms.client.workflow.getHandle(id).describe()).status.name).toBe('TERMINATED');
    }
  });
});

describe('temporal.workflow.historyScan', () => {
  it('finds the running reprocessing run whose history is past the threshold', async () => {
    const workflowId = `reprocessing-run-${randomUUID().slice(0, 8)}`;
    const growing = await wms.client.workflow.start('ReprocessingOrchestrationWorkflow', {
      taskQueue: wms.taskQueue,
      workflowId,
      args: [{ fromOrder: 1, toOrder: 1_000_000, batchLimit: 1_000_000 }],
    });
    const small = await wms.client.workflow.start('ReprocessingOrchestrationWorkflow', {
      taskQueue: wms.taskQueue,
      workflowId: `${workflowId}-small`,
      args: [{ fromOrder: 1, toOrder: 1_000_000, batchLimit: 1_000_000, pacingMs: 60_000 }],
    });
    try {
      await vi.waitFor(
        async () => expect((await growing.describe()).historyLength).toBeGreaterThan(300),
        { timeout: 30_000 },
      );
      const events = await runStreaming(runsheet.app, {
        action: 'temporal.workflow.historyScan',
        input: {
          workflowType: 'ReprocessingOrchestrationWorkflow',
          query: `TaskQueue="${wms.taskQueue}"`,
          threshold: 300,
        },
      });
      const result = (
        events.at(-1)!.data as {
          result: { scanned: number; over: { workflowId: string; historyLength: number }[] };
        }
      ).result;
      expect(result.scanned).toBe(2);
      expect(result.over.map((item) => item.workflowId)).toEqual([workflowId]);
      expect(result.over[0]!.historyLength).toBeGreaterThan(300);
      expect(events.filter((event) => event.event === 'progress').at(-1)!.data).toMatchObject({
        done: 2,
        total: 2,
      });
    } finally {
      await growing.terminate('test over');
      await small.terminate('test over');
    }
  });
});
