import { randomUUID } from 'node:crypto';
import { expect, vi } from 'vitest';
import { Client, Connection, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { assignWave } from '../../sandbox/scenarios.ts';
import { orderWorkflowId, type Order } from '../../sandbox/shared.ts';
import { startSandboxWorker } from '../../sandbox/worker.ts';

/**
 * The demo WMS worker on a task queue of this test file's own, with a client to set up incidents.
 * Parallel test files never process each other's workflows.
 */
export async function startWms(temporal: { address: string; namespace: string }) {
  const taskQueue = `wms-test-${randomUUID()}`;
  const worker = await startSandboxWorker({ ...temporal, taskQueue, logLevel: 'ERROR' });
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: temporal.namespace });
  return {
    client,
    taskQueue,
    /** A fresh order ID, so tests never collide. */
    newOrderId: () => `ORD-${randomUUID().slice(0, 8).toUpperCase()}`,
    startOrder(
      orderId: string,
      sku = 'SKU-APPLES',
    ): Promise<WorkflowHandleWithFirstExecutionRunId> {
      const order: Order = { orderId, customerId: 'CUST-1', lines: [{ sku, quantity: 2 }] };
      return client.workflow.start('OrderFulfillmentWorkflow', {
        taskQueue,
        workflowId: orderWorkflowId(orderId),
        args: [order],
      });
    },
    /** An order stuck as in seed §1: its planning child started, waiting for a wave that never comes. */
    async stuckOrder() {
      const orderId = this.newOrderId();
      const handle = await this.startOrder(orderId);
      // Until the child has a run it is only asked for, not started, and tests read and signal it.
      // A bound, not a timing: a cold worker on a loaded machine takes seconds for its first task.
      await vi.waitFor(
        async () => {
          const children = (await handle.describe()).raw.pendingChildren ?? [];
          expect(children).toHaveLength(1);
          expect(children[0]!.runId).toBeTruthy();
        },
        { timeout: 20_000, interval: 100 },
      );
      return { orderId, handle };
    },
    /**
     * Until visibility lists exactly `count` running workflows matching `query`: it lags behind
     * the starts, by seconds on a loaded machine. A bound, not a timing.
     */
    async untilRunning(query: string, count: number) {
      await vi.waitFor(
        async () =>
          expect(
            (await client.workflow.count(`ExecutionStatus="Running" AND ${query}`)).count,
          ).toBe(count),
        { timeout: 30_000, interval: 250 },
      );
    },
    assignWave: (orderId: string) => assignWave(client, orderId),
    async close() {
      await worker.stop();
      await connection.close();
    },
  };
}

export type Wms = Awaited<ReturnType<typeof startWms>>;
