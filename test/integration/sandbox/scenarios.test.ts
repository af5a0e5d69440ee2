import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { seedAll } from '../../../sandbox/scenarios.ts';
import { startWms, type Wms } from '../../support/wms.ts';

const temporal = inject('temporal');
let wms: Wms;

beforeAll(async () => {
  wms = await startWms(temporal);
});

afterAll(async () => {
  await wms.client.workflow
    .getHandle('reprocessing-run-1234567')
    .terminate('test over')
    .catch(() => undefined);
  await wms?.close();
});

describe('the sandbox scenarios reproduce the seed incidents', () => {
  it('seeds a stuck order, an InsufficientInventory failure, a heartbeat timeout and a growing history', async () => {
    const scenarios = await seedAll(wms.client, wms.taskQueue);
    expect(scenarios.map((scenario) => scenario.workflowId)).toEqual([
      'order-fulfillment-ORD-12345',
      'order-fulfillment-ORD-12346',
      'order-fulfillment-ORD-12347',
      'reprocessing-run-1234567',
    ]);
    const handle = (workflowId: string) => wms.client.workflow.getHandle(workflowId);

    const stuck = await handle('planning-ORD-12345').query<{ state: string }>('getStatus');
    expect(stuck.state).toBe('WAITING_FOR_WAVE');

    await vi.waitFor(
      async () =>
        expect((await handle('order-fulfillment-ORD-12346').describe()).status.name).toBe('FAILED'),
      { timeout: 15_000, interval: 250 },
    );
    const failure = (await handle('order-fulfillment-ORD-12346').fetchHistory()).events!.find(
      (event) => event.activityTaskFailedEventAttributes,
    )!.activityTaskFailedEventAttributes!.failure!;
    expect(failure.applicationFailureInfo!.type).toBe('InsufficientInventory');

    const growing = handle('reprocessing-run-1234567');
    const before = (await growing.describe()).historyLength;
    // It grows an activity and a 200 ms timer at a time; on a busy machine the worker can take
    // longer than waitFor's default second to get to the next.
    await vi.waitFor(
      async () => expect((await growing.describe()).historyLength).toBeGreaterThan(before),
      { timeout: 15_000, interval: 250 },
    );
    expect((await growing.describe()).status.name).toBe('RUNNING');

    await vi.waitFor(
      async () => {
        const events = (await handle('order-fulfillment-ORD-12347').fetchHistory()).events!;
        expect(events.some((event) => event.activityTaskTimedOutEventAttributes)).toBe(true);
      },
      { timeout: 45_000, interval: 1_000 },
    );
  });

  it('continues a reprocessing run as new at its batch limit, so no run grows past it', async () => {
    const first = await wms.client.workflow.start('ReprocessingOrchestrationWorkflow', {
      taskQueue: wms.taskQueue,
      workflowId: `reprocessing-run-can-${Date.now()}`,
      args: [{ fromOrder: 1, toOrder: 25, batchLimit: 10 }],
    });
    await expect(wms.client.workflow.getHandle(first.workflowId).result()).resolves.toBe(25);
    const firstRun = wms.client.workflow.getHandle(first.workflowId, first.firstExecutionRunId);
    expect((await firstRun.describe()).status.name).toBe('CONTINUED_AS_NEW');
  });
});
