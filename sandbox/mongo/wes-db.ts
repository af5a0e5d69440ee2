import type { MongoClient } from 'mongodb';

/**
 * The warehouse database of the seed runbooks (§5: `mongo wes_db … db.task_routes.createIndex(…)`):
 * task_routes (20,000 pick routes, no index for the query on status and createdAt: the slow query
 * the runbook's index fixes), orders, inventory and waves.
 */
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
  await seedWarehouse(client);
}

/** Orders, inventory and waves as the runbooks' incidents name them (ORD-12345, SKU-APPLES, WAVE-…). */
async function seedWarehouse(client: MongoClient): Promise<void> {
  const db = client.db(WES_DB);
  const start = Date.UTC(2026, 0, 1);
  const skus = ['SKU-APPLES', ...Array.from({ length: 299 }, (_, i) => `SKU-${i + 1}`)];
  const collections = {
    inventory: skus.map((sku, i) => ({
      sku,
      warehouseId: `WH-${1 + (i % 4)}`,
      location: `A-${i % 50}-${i % 7}`,
      // SKU-APPLES is out of stock: the InsufficientInventory incident (ORD-12346).
      available: sku === 'SKU-APPLES' ? 0 : 20 + ((i * 37) % 400),
      reserved: (i * 11) % 25,
      updatedAt: new Date(start + i * 3_600_000),
    })),
    waves: Array.from({ length: 40 }, (_, i) => ({
      waveId: `WAVE-${String(i + 1).padStart(3, '0')}`,
      warehouseId: `WH-${1 + (i % 4)}`,
      status: i < 30 ? 'RELEASED' : i < 36 ? 'PICKING' : 'PLANNED',
      orderCount: 20 + (i % 15),
      scheduledStart: new Date(start + i * 1_800_000),
    })),
    orders: Array.from({ length: 2_000 }, (_, i) => {
      const number = 10_000 + i;
      return {
        orderId: `ORD-${number}`,
        customerId: `CUST-${String(1 + (i % 250)).padStart(4, '0')}`,
        status: i % 40 === 0 ? 'WAITING_FOR_WAVE' : i % 97 === 0 ? 'FAILED' : 'SHIPPED',
        waveId: i % 40 === 0 ? null : `WAVE-${String(1 + (i % 30)).padStart(3, '0')}`,
        lines: [
          { sku: skus[1 + (i % 299)]!, quantity: 1 + (i % 4) },
          { sku: skus[1 + ((i * 7) % 299)]!, quantity: 1 + (i % 2) },
        ],
        createdAt: new Date(start + i * 300_000),
      };
    }),
  };
  // The incidents' own orders, as the seed runbooks name them.
  collections.orders.push(
    incidentOrder('ORD-12345', 'WAITING_FOR_WAVE', [{ sku: 'SKU-7', quantity: 2 }]),
    incidentOrder('ORD-12346', 'FAILED', [{ sku: 'SKU-APPLES', quantity: 2 }]),
    incidentOrder('ORD-12347', 'FAILED', [{ sku: 'SKU-12', quantity: 1 }]),
  );
  for (const [name, documents] of Object.entries(collections)) {
    const collection = db.collection(name);
    await collection.drop().catch(() => undefined);
    await collection.insertMany(documents, { ordered: false });
  }
  await db.collection('orders').createIndex({ orderId: 1 }, { name: 'orderId_1', unique: true });
  await db.collection('inventory').createIndex({ sku: 1 }, { name: 'sku_1', unique: true });
  await db.collection('waves').createIndex({ waveId: 1 }, { name: 'waveId_1', unique: true });
}

function incidentOrder(
  orderId: string,
  status: string,
  lines: { sku: string; quantity: number }[],
) {
  return {
    orderId,
    customerId: 'CUST-0042',
    status,
    waveId: null,
    lines,
    createdAt: new Date(Date.UTC(2026, 0, 20, 9, 30)),
  };
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
