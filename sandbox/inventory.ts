/**
 * The demo warehouse's stock, per worker process. An order line for a SKU with none left fails
 * ConfirmInventoryPick with InsufficientInventory; restocking it lets a reset or restart succeed.
 */
const outOfStock = new Set(['SKU-OUT-OF-STOCK']);

export function isOutOfStock(sku: string): boolean {
  return outOfStock.has(sku);
}

export function markOutOfStock(sku: string): void {
  outOfStock.add(sku);
}

export function restock(sku: string): void {
  outOfStock.delete(sku);
}

/** A SKU whose scanner jams: ConsolidateItems stops heartbeating on it and times out. */
export const JAMMED_SKU = 'SKU-SCANNER-JAM';
