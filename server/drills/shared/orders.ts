import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  getStatusQuery,
  orderWorkflowId,
  planningWorkflowId,
  type FulfillmentResult,
  type Order,
} from '../../../sandbox/shared.ts';
import { ActionError } from '../../errors.ts';
import type { DrillContext } from '../define-drill.ts';

/** Fresh ids for every attempt, so attempts never meet each other's workflows. */
export const freshId = () => randomUUID().slice(0, 8).toUpperCase();
export const freshOrderId = () => `ORD-${freshId()}`;
export const freshWave = () => ({
  waveId: `WAVE-${freshId()}`,
  // A wave an hour from now, to the second, as the WES writes it.
  scheduledStart: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
});

/** Starts the demo worker's order workflow for one line of `sku`. */
export async function startOrder(ctx: DrillContext, orderId: string, sku: string): Promise<void> {
  const order: Order = {
    orderId,
    customerId: 'CUST-DRILL',
    lines: [{ sku, quantity: 2 }],
  };
  await ctx.temporal((client) =>
    client.workflow.start('OrderFulfillmentWorkflow', {
      taskQueue: ctx.taskQueue,
      workflowId: orderWorkflowId(orderId),
      args: [order],
    }),
  );
}

/** Polls until `ready` holds; the message says what never happened, for the trainee and the logs. */
export async function waitUntil(
  ctx: DrillContext,
  ready: () => Promise<boolean>,
  { timeoutMs = 15_000, what }: { timeoutMs?: number; what: string },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline || ctx.signal.aborted) {
      throw new ActionError(
        'deadline_exceeded',
        `${what} did not happen within ${timeoutMs / 1000} s.`,
        {
          hint: `Drills need the demo WMS worker polling the task queue ${ctx.taskQueue} (config sandbox.taskQueue); npm start runs it.`,
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** RUNNING, COMPLETED, FAILED, TERMINATED…, or null when there is no such workflow. */
export async function statusOf(client: Client, workflowId: string): Promise<string | null> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}

/** Waits until the order's planning child is up and waiting for its wave. */
export async function untilWaitingForWave(ctx: DrillContext, orderId: string): Promise<void> {
  await waitUntil(
    ctx,
    () =>
      ctx.temporal(async (client) => {
        try {
          const status = await client.workflow
            .getHandle(planningWorkflowId(orderId))
            .query(getStatusQuery);
          return status.state === 'WAITING_FOR_WAVE';
        } catch {
          return false; // not started yet, or no worker has picked it up yet
        }
      }),
    { what: `The planning workflow of ${orderId} waiting for its wave` },
  );
}

export interface OrderOutcome {
  /** The workflow that fulfilled the order: the original, or its restart (`…-retry`). */
  completedBy: string | null;
  result: FulfillmentResult | null;
  /** Status of the original order workflow. */
  status: string | null;
  /** Status of its restart, when there is one. */
  retryStatus: string | null;
}

/** Whether the order got fulfilled, by its own workflow or by a restart of it. */
export async function orderOutcome(ctx: DrillContext, orderId: string): Promise<OrderOutcome> {
  return ctx.temporal(async (client) => {
    const original = orderWorkflowId(orderId);
    const retry = `${original}-retry`;
    const [status, retryStatus] = await Promise.all([
      statusOf(client, original),
      statusOf(client, retry),
    ]);
    const completedBy =
      status === 'COMPLETED' ? original : retryStatus === 'COMPLETED' ? retry : null;
    const result = completedBy
      ? ((await client.workflow.getHandle(completedBy).result()) as FulfillmentResult)
      : null;
    return { completedBy, result, status, retryStatus };
  });
}
