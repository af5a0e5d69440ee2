import { defineQuery, defineSignal } from '@temporalio/workflow';

/** What the demo WMS worker and its callers share: the task queue, signal and query handles, inputs. */

export const TASK_QUEUE = 'orchestrator-queue';

export interface OrderLine {
  sku: string;
  quantity: number;
}

export interface Order {
  orderId: string;
  customerId: string;
  lines: OrderLine[];
}

export interface WaveAssignment {
  waveId: string;
  scheduledStart: string;
}

export interface PlanningStatus {
  orderId: string;
  state: 'WAITING_FOR_WAVE' | 'WAVE_ASSIGNED';
  waveId: string | null;
  waitingSince: string;
}

export interface FulfillmentResult {
  orderId: string;
  waveId: string;
  pickTaskId: string;
}

export const waveAssignedSignal = defineSignal<[WaveAssignment]>('waveAssigned');
export const getStatusQuery = defineQuery<PlanningStatus>('getStatus');

export const orderWorkflowId = (orderId: string) => `order-fulfillment-${orderId}`;
export const planningWorkflowId = (orderId: string) => `planning-${orderId}`;

/** SKUs the demo warehouse has none of: ordering one fails with InsufficientInventory. */
export const OUT_OF_STOCK_SKUS = ['SKU-OUT-OF-STOCK'];
