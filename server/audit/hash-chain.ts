import { createHash } from 'node:crypto';
import { macOf } from './mac-keys.ts';

/**
 * How a trail entry becomes a chained record: stable JSON, its hash, the previous record's hash
 * and the MAC. Generic over the entry and free of the event schemas (record.ts re-exports all
 * of it with the record types), so the SQLite worker thread starts without loading zod.
 */

export const GENESIS_HASH = '0'.repeat(64);

/** The fields a store sets when it chains an entry (see AuditRecord in record.ts). */
export interface ChainFields {
  /** Position in the trail: 1, 2, 3… with no gaps. */
  seq: number;
  prevHash: string;
  keyId?: string;
  hash: string;
  mac?: string;
}

/** Stable JSON: object keys sorted, so the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The hash of a record: its position, the previous hash, its key id and every field of the entry. */
export function hashRecord(record: object): string {
  return sha256(canonicalJson(record));
}

/**
 * The record `entry` becomes at position `seq` after `prevHash`, MACed with the signing key.
 * `null` writes an unkeyed record, as Runsheet did before the trail was keyed (tests of old trails).
 */
export function chain<Entry extends object>(
  entry: Entry,
  seq: number,
  prevHash: string,
  signing: { id: string; secret: Buffer } | null,
): Omit<Entry, keyof ChainFields> & ChainFields {
  // A record passed back in as an entry (closing an interrupted run) brings its old chain fields.
  const fresh = entryOf(entry);
  if (!signing) {
    const unhashed = { ...fresh, seq, prevHash };
    return { ...unhashed, hash: hashRecord(unhashed) };
  }
  const unhashed = { ...fresh, seq, prevHash, keyId: signing.id };
  const hash = hashRecord(unhashed);
  return { ...unhashed, hash, mac: macOf(signing.secret, hash) };
}

/** The entry a record was made from: its chain fields (seq, hashes, key, MAC) are the store's to set. */
export function entryOf<Entry extends object>(record: Entry): Omit<Entry, keyof ChainFields> {
  const entry: Partial<ChainFields> = { ...record };
  delete entry.seq;
  delete entry.prevHash;
  delete entry.keyId;
  delete entry.hash;
  delete entry.mac;
  return entry as Omit<Entry, keyof ChainFields>;
}
