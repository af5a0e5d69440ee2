import type { AuditEntry, AuditKind, AuditRecord, Outcome, VerifyResult } from './record.ts';

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
 * appends are chained in one order even when many runs append at once, and nothing is ever updated.
 */
export interface AuditStore {
  readonly name: string;
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
  verify(): Promise<VerifyResult>;
  close(): Promise<void>;
}
