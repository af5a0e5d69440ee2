import { defineQuery, defineSignal } from '@temporalio/workflow';

/** What the demo WMS worker and its callers share: signal and query handles, inputs (the queue is in task-queue.ts). */

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

export interface ReprocessingRun {
  /** Orders ORD-<fromOrder> … ORD-<toOrder> are reprocessed in order. */
  fromOrder: number;
  toOrder: number;
  /** After this many orders the workflow continues as new, keeping its history short. */
  batchLimit: number;
  /** Pause between orders, so a long run grows its history steadily rather than at once. */
  pacingMs?: number;
}

export const reprocessingWorkflowId = (label: string) => `reprocessing-run-${label}`;
