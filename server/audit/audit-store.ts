import type { AuditEntry, AuditKind, AuditRecord, Outcome } from './record.ts';
import type { MacKeys } from './mac-keys.ts';
import type { PublishedHead, VerifyResult } from './verify-chain.ts';

/** Filters of the trail, all ANDed; the store applies them (indexed), never the caller. */
export interface AuditQuery {
  /** One kind, or any of several. */
  kind?: AuditKind | readonly AuditKind[] | undefined;
  environment?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  risk?: string | undefined;
  outcome?: Outcome | undefined;
  runId?: string | undefined;
  incidentId?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  /** Newest first; at most this many, or every match when absent. */
  limit?: number | undefined;
}

/**
 * Where the trail is kept. Every store honours the same contract (test/contract/audit-store.ts):
 * appends are chained in one order even when many runs append at once, each record is MACed with
 * a key kept outside the store, and nothing is ever updated.
 */
export interface AuditStore {
  readonly name: string;
  /** Resolves once the record is durable; appends that arrive together are committed together. */
  append(entry: AuditEntry): Promise<AuditRecord>;
  list(query: AuditQuery): Promise<AuditRecord[]>;
  /**
   * Takes `key` for good: true for the one caller that took it first, false for every other one,
   * in any process sharing the store. What may happen only once (an approval's use) claims its
   * key before it is recorded, so two runs racing for it cannot both pass.
   */
  claim(key: string): Promise<boolean>;
  /** Every record in order, for verification and export. */
  all(): AsyncIterable<AuditRecord>;
  /** The trail's head now, MACed; remembered for verify and appended to the head file if any. */
  publishHead(): Promise<PublishedHead>;
  /**
   * Checks the chain, each record's MAC and the store's search fields against the records, and
   * that the trail reaches `head` (default: the newest head published or in the head file).
   */
  verify(options?: { head?: PublishedHead | undefined }): Promise<VerifyResult>;
  close(): Promise<void>;
}

/** What every store is made with besides where it keeps records. */
export interface AuditStoreOptions {
  /** The MAC keys; see mac-keys.ts. */
  keys: MacKeys;
  /** Where published heads are appended too (one JSON line each), if anywhere. */
  headFile?: string | undefined;
}
