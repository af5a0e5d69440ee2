import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { mapConcurrently } from '../../../../../server/runs/concurrency.ts';
import type { BatchResult } from '../../../../../server/actions/temporal/shared/batch-client.ts';
import { orderWorkflowId, planningWorkflowId } from '../../../../../sandbox/shared.ts';
import { testApp } from '../../../../support/app.ts';
import { runStreaming, type SseEvent } from '../../../../support/sse.ts';
import { startWms, type Wms } from '../../../../support/wms.ts';

/**
 * The batch actions on both paths: Runsheet's per-item calls below temporal.serverBatchThreshold,
 * Temporal's own batch engine (StartBatchOperation) from it on. One file, one test at a time: the
 * dev server runs one batch job per namespace at once.
 */
const temporal = inject('temporal');
const THRESHOLD = 6;
let wms: Wms;
let runsheet: ReturnType<typeof testApp>;

beforeAll(async () => {
  wms = await startWms(temporal);
  runsheet = testApp({
    temporal: { ...temporal, serverBatchThreshold: THRESHOLD },
    identity: { localUser: 'heidi@example.com' },
  });
});
afterAll(async () => {
  await runsheet?.close();
  await wms?.close();
});

/** `count` running workflows no worker polls (they stay running), and a query for exactly them. */
async function idleWorkflows(count: number) {
  const taskQueue = `batch-engine-${randomUUID()}`;
  await mapConcurrently(
    Array.from({ length: count }, (_, i) => `${taskQueue}-${i}`),
    16,
    new AbortController().signal,
    (workflowId) =>
      wms.client.workflow.start('ReprocessingOrchestrationWorkflow', {
        taskQueue,
        workflowId,
        args: [{ fromOrder: 1, toOrder: 1, batchLimit: 1 }],
      }),
  );
  const query = `TaskQueue="${taskQueue}"`;
  await wms.untilRunning(query, count);
  return { query, taskQueue };
}

/**
 * Orders stuck as in seed §1 (planning waits for a wave), given the time a busy machine needs, once
 * visibility lists them and their planning workflows; with the queries that find each.
 */
async function stuckOrders(count: number) {
  const orders = await Promise.all(Array.from({ length: count }, () => wms.stuckOrder()));
  const idsOf = (workflowId: (orderId: string) => string) =>
    orders.map((order) => `"${workflowId(order.orderId)}"`).join(', ');
  const both = `WorkflowId IN (${idsOf(orderWorkflowId)}, ${idsOf(planningWorkflowId)})`;
  await wms.untilRunning(both, 2 * count);
  return {
    orders,
    ordersQuery: `WorkflowType="OrderFulfillmentWorkflow" AND TaskQueue="${wms.taskQueue}" AND WorkflowId IN (${idsOf(orderWorkflowId)})`,
    planningQuery: `WorkflowType="PlanningWorkflow" AND WorkflowId IN (${idsOf(planningWorkflowId)})`,
  };
}

const resultOf = (events: SseEvent[]) => {
  const last = events.at(-1)!;
  expect(last.event, JSON.stringify(last.data)).toBe('result');
  return last.data as { id: string; result: BatchResult };
};

const statuses = async (query: string) =>
  (await wms.client.workflow.count(`ExecutionStatus="Terminated" AND ${query}`)).count;

describe('temporal.batch.terminate from the threshold on: Temporal’s batch engine', () => {
  it('runs a batch job with the reason and the person’s identity, streams its counts, and records its id', async () => {
    const { query, taskQueue } = await idleWorkflows(THRESHOLD + 2);
    const preview = await runsheet.run({ action: 'temporal.batch.terminate', input: { query } });
    expect(preview.body.error!.preview).toMatchObject({
      count: THRESHOLD + 2,
      details: { engine: 'server' },
    });
    expect(preview.body.error!.preview!.warnings!.at(-1)).toMatch(
      /^8 is at least 6 \(temporal.serverBatchThreshold\): a Temporal batch job does this/,
    );
    const events = await runStreaming(runsheet.app, {
      action: 'temporal.batch.terminate',
      input: { query },
      confirm: true,
      reason: 'Emergency stop: [incident-789]',
    });
    const { id, result } = resultOf(events);
    expect(result).toMatchObject({
      operation: 'terminate',
      engine: 'server',
      matched: THRESHOLD + 2,
      succeededCount: THRESHOLD + 2,
      failedCount: 0,
    });
    expect(result.jobId).toMatch(/^runsheet-[0-9a-f-]{36}$/);
    const progress = events.filter((event) => event.event === 'progress').map((e) => e.data);
    expect(progress.at(-1)).toMatchObject({
      done: THRESHOLD + 2,
      total: THRESHOLD + 2,
      message: `Temporal batch job ${result.jobId}: ${THRESHOLD + 2} terminated, 0 failed, of ${THRESHOLD + 2}`,
    });

    // Temporal's own record of the job, and of each workflow: who and why.
    const job = await wms.client.workflowService.describeBatchOperation({
      namespace: temporal.namespace,
      jobId: result.jobId!,
    });
    expect(job).toMatchObject({ reason: 'Emergency stop: [incident-789]' });
    expect(job.identity).toBe('runsheet:heidi@example.com');
    // Each history has the reason; the engine is the identity there (the preview says so).
    const history = await wms.client.workflow.getHandle(`${taskQueue}-0`).fetchHistory();
    const terminated = history.events!.at(-1)!.workflowExecutionTerminatedEventAttributes!;
    expect(terminated.reason).toBe('Emergency stop: [incident-789]');
    await vi.waitFor(async () => expect(await statuses(query)).toBe(THRESHOLD + 2), {
      timeout: 15_000,
      interval: 250,
    });

    // The trail's finished record names the job.
    const finished = (await runsheet.audit.list({ runId: id, limit: 10 })).find(
      (record) => record.kind === 'finished',
    );
    expect(finished).toMatchObject({
      outcome: 'succeeded',
      facts: { batchJobId: result.jobId, batchEngine: 'server' },
    });
  });

  it('has the same preview and cap as the per-item path: over the cap, nothing starts', async () => {
    const { query } = await idleWorkflows(THRESHOLD + 1);
    const { status, body } = await runsheet.run({
      action: 'temporal.batch.terminate',
      input: { query, cap: THRESHOLD },
      confirm: true,
      reason: 'maintenance window',
    });
    expect(status).toBe(409);
    expect(body.error).toMatchObject({
      code: 'precondition_failed',
      preview: { count: THRESHOLD + 1 },
    });
    expect(body.error!.message).toMatch(
      new RegExp(`^${THRESHOLD + 1} running workflows match, over the cap of ${THRESHOLD}`),
    );
    expect(await statuses(query)).toBe(0);
    // Without a reason a destructive batch does not run, on this path as on the other.
    const unreasoned = await runsheet.run({
      action: 'temporal.batch.terminate',
      input: { query },
      confirm: true,
    });
    expect(unreasoned.body.error!.code).toBe('confirmation_required');
    expect(await statuses(query)).toBe(0);
  });

  it('stops the job on the server when the person cancels', async () => {
    // Enough that the engine (50 a second by default) is still at work when the run is cancelled.
    const count = 250;
    const { query } = await idleWorkflows(count);
    const browser = new AbortController();
    let jobId: string | undefined;
    const response = await runsheet.app.request('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        action: 'temporal.batch.terminate',
        input: { query, cap: count },
        confirm: true,
        reason: 'cancel test',
      }),
      signal: browser.signal,
    });
    const reader = response.body!.getReader();
    let text = '';
    while (!jobId) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
      jobId = /Temporal batch job (runsheet-[0-9a-f-]{36})/.exec(text)?.[1];
    }
    expect(jobId).toBeDefined();
    browser.abort();
    await reader.cancel().catch(() => undefined);

    await vi.waitFor(
      async () => {
        const job = await wms.client.workflowService.describeBatchOperation({
          namespace: temporal.namespace,
          jobId: jobId!,
        });
        expect(job.state).not.toBe(1); // no longer RUNNING
      },
      { timeout: 20_000, interval: 250 },
    );
    const finished = await vi.waitFor(
      async () => {
        const records = await runsheet.audit.list({
          action: 'temporal.batch.terminate',
          limit: 100,
        });
        const record = records.find(
          (candidate) => candidate.kind === 'finished' && candidate.facts?.['batchJobId'] === jobId,
        );
        expect(record).toBeDefined();
        return record!;
      },
      { timeout: 20_000, interval: 250 },
    );
    expect(finished).toMatchObject({ outcome: 'cancelled', facts: { batchStopped: true } });
    expect(await statuses(query)).toBeLessThan(count);
    await wms.client.workflowService.startBatchOperation({
      namespace: temporal.namespace,
      jobId: `cleanup-${randomUUID()}`,
      visibilityQuery: query,
      reason: 'test clean-up',
      terminationOperation: { identity: 'test' },
    });
  });
});

describe('below the threshold: Runsheet calls Temporal once per workflow and reports each', () => {
  it('batch.cancel asks each to cancel, with the reason in its history', async () => {
    const { orders, ordersQuery: query } = await stuckOrders(2);
    const preview = await runsheet.run({ action: 'temporal.batch.cancel', input: { query } });
    expect(preview.status).toBe(409);
    expect(preview.body.error!.preview!.summary).toBe(
      `Request cancellation of 2 running workflows matching ExecutionStatus="Running" AND (${query})`,
    );
    const events = await runStreaming(runsheet.app, {
      action: 'temporal.batch.cancel',
      input: { query },
      confirm: true,
      reason: 'wave planning is down',
    });
    const { result } = resultOf(events);
    expect(result).toMatchObject({ operation: 'cancel', engine: 'client', jobId: null });
    expect(result.succeeded.map((item) => item.workflowId).sort()).toEqual(
      orders.map((order) => orderWorkflowId(order.orderId)).sort(),
    );
    // The server buffers the cancel request while a workflow task is in flight, so the event
    // reaches the history when that task completes, not always when the request returns.
    await vi.waitFor(
      async () => {
        const history = await orders[0]!.handle.fetchHistory();
        const requested = history.events!.find(
          (event) => event.workflowExecutionCancelRequestedEventAttributes,
        );
        expect(requested?.workflowExecutionCancelRequestedEventAttributes?.cause).toBe(
          'wave planning is down',
        );
      },
      { timeout: 10_000, interval: 200 },
    );
  });

  it('batch.signal refuses a signal name the workflows do not handle, then delivers the right one', async () => {
    const { orders, planningQuery: query } = await stuckOrders(3);
    const wrong = await runsheet.run({
      action: 'temporal.batch.signal',
      input: { query, signalName: 'waveAssign', input: { waveId: 'WAVE-9' } },
      confirm: true,
    });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error!.message).toMatch(
      /has no handler for signal "waveAssign", so it would ignore it\. Signals it handles: waveAssigned\./,
    );
    const { status, body } = await runsheet.run<BatchResult>({
      action: 'temporal.batch.signal',
      input: {
        query,
        signalName: 'waveAssigned',
        input: { waveId: 'WAVE-9', scheduledStart: '2026-01-04T10:00:00Z' },
      },
      confirm: true,
    });
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ operation: 'signal', engine: 'client', succeededCount: 3 });
    for (const { handle } of orders) {
      expect(await handle.result()).toMatchObject({ waveId: 'WAVE-9' });
    }
  });
});

describe('batch.signal on Temporal’s batch engine', () => {
  it('delivers the signal, with its input and the person’s identity, to every match', async () => {
    const { orders, planningQuery: query } = await stuckOrders(THRESHOLD);
    const { status, body } = await runsheet.run<BatchResult>({
      action: 'temporal.batch.signal',
      input: {
        query,
        signalName: 'waveAssigned',
        input: { waveId: 'WAVE-10', scheduledStart: '2026-01-04T10:00:00Z' },
      },
      confirm: true,
      reason: 'WES outage',
    });
    expect(body.error).toBeUndefined();
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ engine: 'server', succeededCount: THRESHOLD });
    for (const { handle } of orders) {
      expect(await handle.result()).toMatchObject({ waveId: 'WAVE-10' });
    }
    const history = await wms.client.workflow
      .getHandle(planningWorkflowId(orders[0]!.orderId))
      .fetchHistory();
    const signalled = history.events!.find(
      (event) => event.workflowExecutionSignaledEventAttributes,
    )!.workflowExecutionSignaledEventAttributes!;
    expect(signalled.identity).toBe('runsheet:heidi@example.com');
  });
});
