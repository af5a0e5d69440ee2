import type { AuditEntry } from './record.ts';
import type { PublishedHead } from './verify-chain.ts';

/** What the SQLite store asks its worker thread (sqlite-worker.ts); each request gets one reply. */
export type Request = { id: number } & (
  | { op: 'append'; entry: AuditEntry }
  /** A read-only query built by the store (list); rows as SQLite returns them. */
  | { op: 'read'; sql: string; params: (string | number | null)[] }
  /** Records in order after `after`, at most `limit`: how `all()` walks a large trail. */
  | { op: 'page'; after: number; limit: number }
  /** AuditStore.claim: true when this request took `key`. */
  | { op: 'claim'; key: string }
  /** The last record's seq and hash, or null for an empty trail. */
  | { op: 'last' }
  | { op: 'verify'; head: PublishedHead | undefined }
  | { op: 'close' }
);

export type Reply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { message: string; code?: string } };
