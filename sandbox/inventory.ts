/**
 * The demo warehouse's stock, per worker process. An order line for a SKU with none left fails
 * ConfirmInventoryPick with InsufficientInventory; restocking it lets a reset or restart succeed.
 */
const outOfStock = new Set(['SKU-OUT-OF-STOCK']);

/**
 * Drills need incidents that clear by themselves at a known time, whichever process runs the
 * worker: the time is in the SKU itself, so no state is shared between the backend and the worker.
 */
const BACKORDER_PREFIX = 'SKU-BACKORDER-UNTIL-';
const JAM_PREFIX = 'SKU-JAM-UNTIL-';

/** Out of stock until `until`, e.g. SKU-BACKORDER-UNTIL-1767520800000. */
export const backorderedSku = (until: Date) => `${BACKORDER_PREFIX}${until.getTime()}`;
/** Its scanner jams until `until`; attempts started after that go through. */
export const jammedUntilSku = (until: Date) => `${JAM_PREFIX}${until.getTime()}`;

function before(sku: string, prefix: string): boolean {
  return sku.startsWith(prefix) && Date.now() < Number(sku.slice(prefix.length));
}

export function isOutOfStock(sku: string): boolean {
  return outOfStock.has(sku) || before(sku, BACKORDER_PREFIX);
}

export function markOutOfStock(sku: string): void {
  outOfStock.add(sku);
}

export function restock(sku: string): void {
  outOfStock.delete(sku);
}

/** A SKU whose scanner jams: ConsolidateItems stops heartbeating on it and times out. */
export const JAMMED_SKU = 'SKU-SCANNER-JAM';

export function isJammed(sku: string): boolean {
  return sku === JAMMED_SKU || before(sku, JAM_PREFIX);
}
