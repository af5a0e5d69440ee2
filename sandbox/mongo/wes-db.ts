import type { MongoClient } from 'mongodb';

/** The warehouse database of the seed runbooks (§5: `mongo wes_db … db.task_routes.createIndex(…)`). */
export const WES_DB = 'wes_db';
export const TASK_ROUTES = 'task_routes';
export const TASK_ROUTE_COUNT = 20_000;

export const STATUSES = ['PENDING', 'ASSIGNED', 'IN_PROGRESS', 'DONE', 'FAILED'] as const;

/**
 * Fills wes_db.task_routes with pick routes: enough that a query on status and createdAt without
 * an index reads the whole collection. Deterministic, so tests may count. Replaces what was there,
 * with one index besides _id (on routeId) as a WMS would have.
 */
export async function seedWesDb(client: MongoClient): Promise<void> {
  const db = client.db(WES_DB);
  await db
    .collection(TASK_ROUTES)
    .drop()
    .catch(() => undefined);
  const routes = db.collection(TASK_ROUTES);
  const batch = 5_000;
  for (let offset = 0; offset < TASK_ROUTE_COUNT; offset += batch) {
    await routes.insertMany(taskRoutes(batch, offset), { ordered: false });
  }
  await routes.createIndex({ routeId: 1 }, { name: 'routeId_1', unique: true }, undefined);
}

/** `count` task routes, numbered from `from`. */
export function taskRoutes(count: number, from = 0) {
  return Array.from({ length: count }, (_, j) => taskRoute(from + j));
}

function taskRoute(i: number) {
  const start = Date.UTC(2026, 0, 1);
  // Most routes are done; a few hundred wait: the query the runbook's index is for.
  const status = i % 50 === 0 ? 'PENDING' : STATUSES[1 + (i % (STATUSES.length - 1))]!;
  return {
    routeId: `RT-${String(i).padStart(6, '0')}`,
    orderId: `ORD-${String(10_000 + Math.floor(i / 3)).padStart(6, '0')}`,
    warehouseId: `WH-${1 + (i % 4)}`,
    zone: `Z${1 + (i % 12)}`,
    status,
    priority: 1 + (i % 5),
    assignee: status === 'PENDING' ? null : `picker-${String(i % 40).padStart(2, '0')}`,
    stops: [
      { location: `A-${i % 50}-${i % 7}`, sku: `SKU-${i % 300}`, quantity: 1 + (i % 6) },
      { location: `B-${i % 30}-${i % 5}`, sku: `SKU-${(i * 7) % 300}`, quantity: 1 + (i % 3) },
    ],
    createdAt: new Date(start + i * 90_000),
    updatedAt: new Date(start + i * 90_000 + 600_000),
  };
}
