/** The container logs of the WMS fixtures: the lines the runbooks grep for, in kwok's CRI format. */
import { TASK_QUEUE } from '../task-queue.ts';
import type { WmsApp } from './wms-apps.ts';

/**
 * Container log lines in the CRI format kwok reads (`<RFC3339Nano> stdout F <text>`), spread
 * evenly from `from` to `to` (epoch ms).
 */
export function criLog(lines: readonly string[], from: number, to: number): string {
  const step = lines.length > 1 ? (to - from) / (lines.length - 1) : 0;
  return lines.map((line, index) => `${criTime(from + index * step)} stdout F ${line}\n`).join('');
}

function criTime(ms: number): string {
  // Nanosecond precision as container runtimes write it, so lines a millisecond apart keep their order.
  const whole = Math.floor(ms);
  const nanos = Math.round((ms - whole) * 1e6);
  return new Date(whole).toISOString().replace('Z', `${String(nanos).padStart(6, '0')}Z`);
}

const activities = ['CreatePickTask', 'ReserveInventory', 'AssignWave', 'ConfirmShipment'];

/** What the orchestrator worker logs: the lines the runbooks grep for, among ordinary traffic. */
export function workerLogLines(count = 60): string[] {
  const lines: string[] = [`INFO  worker started task_queue=${TASK_QUEUE}`];
  for (let i = 1; lines.length < count - 12; i++) {
    const activity = activities[i % activities.length]!;
    lines.push(
      `INFO  Activity completed activity=${activity} workflowId=order-fulfillment-ORD-${10_000 + i} duration ${40 + ((i * 37) % 900)}ms`,
    );
    if (i % 9 === 0) {
      lines.push(`DEBUG mongo connection pool stats in_use=${40 + i} available=${60 - (i % 50)}`);
    }
  }
  lines.push(
    'WARN  activity ConsolidateItems heartbeat timeout workflowId=order-fulfillment-ORD-12347 attempt=3 (ActivityTaskTimedOut: heartbeat)',
    'ERROR failed to connect to MongoDB at mongodb.wms.svc:27017: connection refused, retrying in 5s',
    'INFO  mongo connection restored after 2 attempts',
    'INFO  Activity started activity=ReserveInventory workflowId=order-fulfillment-ORD-12345',
    'ERROR ORD-12345 activity ReserveInventory error: InsufficientInventory sku=SKU-APPLES requested=2 available=0',
    'WARN  ORD-12345 retrying ReserveInventory attempt=2',
    'ERROR ORD-12345 workflow task failed: activity error',
    'WARN  mongo connection pool exhausted: 100/100 connections in use, waited 2000ms',
    'INFO  Activity completed activity=CreatePickTask workflowId=order-fulfillment-ORD-12346 duration 1840ms',
    'panic: runtime error: invalid memory address or nil pointer dereference',
    '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a5f2c]',
    'goroutine 112 [running]:',
    'github.com/example/wms/orchestrator/activities.(*Picking).CreatePickTask(0x0, {0xc0001, 0xc0002})',
    '\t/src/activities/picking.go:88 +0x2c',
    'INFO  worker restarted by supervisor',
  );
  return lines;
}

export const appLogLines: Record<WmsApp, () => string[]> = {
  'orchestrator-worker': () => workerLogLines(),
  'wes-service': () => [
    'INFO  wes-service listening on :8080',
    'INFO  Sending signal waveAssigned to planning-ORD-12344',
    'INFO  Sending signal waveAssigned to planning-ORD-12345',
    'WARN  Sending signal waveAssign to planning-ORD-12347 (unknown signal name)',
    'INFO  GET /health 200 1ms',
  ],
  'picking-service': () => [
    'INFO  picking-service listening on :8080',
    'INFO  GET /health 200 2ms',
    'WARN  GET /health 200 1450ms (slow)',
    'INFO  POST /pick-tasks 201 35ms',
  ],
  mongodb: () => [
    'I NETWORK [listener] connection accepted from 127.0.100.5:51234 #1021 (100 connections now open)',
    'W COMMAND [conn1021] slow query: {find: "task_routes", filter: {status: "pending"}, sort: {createdAt: -1}} planSummary: COLLSCAN took 1534ms',
    'W COMMAND [conn1022] slow query: {update: "task_routes", q: {orderId: "ORD-12345"}} took 2210ms',
    'I NETWORK [conn990] end connection (99 connections now open)',
  ],
};

/** Logs of the container before its last restart: how it died. */
export const previousLogLines: Record<WmsApp, () => string[]> = {
  'orchestrator-worker': () => [
    `INFO  worker started task_queue=${TASK_QUEUE}`,
    'ERROR failed to connect to MongoDB at mongodb.wms.svc:27017: server selection timed out after 30000ms',
    'WARN  heap in use 1.9Gi of 2Gi limit',
    'WARN  mongo connection pool exhausted: 100/100 connections in use, waited 5000ms',
    'fatal error: runtime: out of memory',
  ],
  'wes-service': () => ['INFO  wes-service listening on :8080', 'INFO  shutting down'],
  'picking-service': () => ['INFO  picking-service listening on :8080', 'INFO  shutting down'],
  mongodb: () => ['I CONTROL [main] shutting down'],
};
