import { execFileSync } from 'node:child_process';
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orderWorkflowId, planningWorkflowId } from '../../../../../sandbox/shared.ts';
import { temporalCli } from '../../../../stack/servers.ts';
import { testApp } from '../../../../support/app.ts';
import { startWms, type Wms } from '../../../../support/wms.ts';

const temporal = inject('temporal');
let runsheet: ReturnType<typeof testApp>;
let wms: Wms;
let failedOrderId: string;
let stuckOrderId: string;

interface HistoryAnswer {
  totalEvents: number;
  matchedEvents: number;
  events: { eventId: number; eventType: string; attributes: Record<string, unknown> }[];
  history?: { events: unknown[] };
}

beforeAll(async () => {
  wms = await startWms(temporal);
  runsheet = testApp({ temporal });
  failedOrderId = wms.newOrderId();
  const failed = await wms.startOrder(failedOrderId, 'SKU-OUT-OF-STOCK');
  await wms.assignWave(failedOrderId);
  await expect(failed.result()).rejects.toBeInstanceOf(WorkflowFailedError);
  stuckOrderId = (await wms.stuckOrder()).orderId;
});

afterAll(async () => {
  await runsheet?.close();
  await wms?.close();
});

describe('temporal.workflow.history', () => {
  it('keeps only the event types asked for, counting all events', async () => {
    const { status, body } = await runsheet.run<HistoryAnswer>({
      action: 'temporal.workflow.history',
      input: {
        workflowId: orderWorkflowId(failedOrderId),
        eventTypes: ['ActivityTaskFailed', 'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED'],
      },
    });
    expect(status).toBe(200);
    expect(body.result!.events.map((event) => event.eventType)).toEqual([
      'ActivityTaskFailed',
      'WorkflowExecutionFailed',
    ]);
    expect(body.result!.totalEvents).toBeGreaterThan(body.result!.matchedEvents);
    expect(JSON.stringify(body.result!.events[0]!.attributes)).toContain('InsufficientInventory');
  });

  it('finds text inside event attributes, with payloads decoded', async () => {
    const { body } = await runsheet.run<HistoryAnswer>({
      action: 'temporal.workflow.history',
      input: { workflowId: orderWorkflowId(failedOrderId), search: 'sku-out-of-stock' },
    });
    const types = body.result!.events.map((event) => event.eventType);
    expect(types).toContain('WorkflowExecutionStarted'); // its decoded input names the SKU
    expect(types).toContain('ActivityTaskFailed'); // its failure message names it
    const started = body.result!.events.find(
      (event) => event.eventType === 'WorkflowExecutionStarted',
    )!;
    expect(started.attributes['input']).toEqual([
      {
        orderId: failedOrderId,
        customerId: 'CUST-1',
        lines: [{ sku: 'SKU-OUT-OF-STOCK', quantity: 2 }],
      },
    ]);
  });

  it('exports the history exactly as `temporal workflow show --output json` prints it', async () => {
    const workflowId = orderWorkflowId(failedOrderId);
    const { body } = await runsheet.run<HistoryAnswer>({
      action: 'temporal.workflow.history',
      input: { workflowId, format: 'cli-json' },
    });
    const cli = execFileSync(
      await temporalCli(),
      [
        'workflow',
        'show',
        '--workflow-id',
        workflowId,
        '--address',
        temporal.address,
        '--output',
        'json',
      ],
      { encoding: 'utf8' },
    );
    expect(body.result!.history).toEqual(JSON.parse(cli));
    expect(body.result!.totalEvents).toBe(body.result!.history!.events.length);
  });
});

describe('temporal.workflow.query', () => {
  it('answers getStatus from the planning workflow', async () => {
    const { status, body } = await runsheet.run<{ result: unknown }>({
      action: 'temporal.workflow.query',
      input: { workflowId: planningWorkflowId(stuckOrderId), queryType: 'getStatus' },
    });
    expect(status).toBe(200);
    expect(body.result!.result).toMatchObject({
      orderId: stuckOrderId,
      state: 'WAITING_FOR_WAVE',
      waveId: null,
    });
  });

  it('shows where a stuck workflow waits with __stack_trace', async () => {
    const { body } = await runsheet.run<{ result: string }>({
      action: 'temporal.workflow.query',
      input: { workflowId: planningWorkflowId(stuckOrderId), queryType: '__stack_trace' },
    });
    expect(body.result!.result).toContain('PlanningWorkflow');
  });

  it('names the queries a workflow does handle when asked for another', async () => {
    const { status, body } = await runsheet.run({
      action: 'temporal.workflow.query',
      input: { workflowId: planningWorkflowId(stuckOrderId), queryType: 'getStatsu' },
    });
    expect(status).toBe(400);
    expect(body.error!.message).toContain('getStatsu');
    expect(body.error!.message).toContain('getStatus');
  });
});

describe('temporal.workflow.list and count', () => {
  it('lists by visibility query a page at a time, and counts the same', async () => {
    const query = `TaskQueue="${wms.taskQueue}" AND WorkflowType="OrderFulfillmentWorkflow"`;
    await expect
      .poll(
        async () =>
          (
            await runsheet.run<{ count: number }>({
              action: 'temporal.workflow.count',
              input: { query },
            })
          ).body.result?.count,
      )
      .toBe(2);

    type Page = {
      workflows: { workflowId: string; status: string }[];
      nextPageToken: string | null;
    };
    const first = await runsheet.run<Page>({
      action: 'temporal.workflow.list',
      input: { query, limit: 1 },
    });
    expect(first.body.result!.workflows).toHaveLength(1);
    expect(first.body.result!.nextPageToken).toEqual(expect.any(String));
    const second = await runsheet.run<Page>({
      action: 'temporal.workflow.list',
      input: { query, limit: 1, pageToken: first.body.result!.nextPageToken },
    });
    expect(second.body.error).toBeUndefined();
    const all = [...first.body.result!.workflows, ...second.body.result!.workflows];
    expect(all.map((workflow) => workflow.workflowId).sort()).toEqual(
      [orderWorkflowId(failedOrderId), orderWorkflowId(stuckOrderId)].sort(),
    );
    expect(all.map((workflow) => workflow.status).sort()).toEqual(['FAILED', 'RUNNING']);
  });

  it("refuses a malformed visibility query with the server's reason", async () => {
    const { status, body } = await runsheet.run({
      action: 'temporal.workflow.list',
      input: { query: 'WorkflowType = = "x"' },
    });
    expect(status).toBe(400);
    expect(body.error!.code).toBe('invalid_input');
  });
});
