import type { AuditEntry, AuditRecord, Outcome, VerifyResult } from './record.ts';

export interface AuditQuery {
  actor?: string | undefined;
  action?: string | undefined;
  risk?: string | undefined;
  outcome?: Outcome | undefined;
  runId?: string | undefined;
  incidentId?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  /** Newest first; at most this many. */
  limit: number;
}

/**
 * Where the trail is kept. Every store honours the same contract (test/contract/audit-store.ts):
 * appends are chained in one order even when many runs append at once, and nothing is ever updated.
 */
export interface AuditStore {
  readonly name: string;
  append(entry: AuditEntry): Promise<AuditRecord>;
  list(query: AuditQuery): Promise<AuditRecord[]>;
  /** Every record in order, for verification and export. */
  all(): AsyncIterable<AuditRecord>;
  verify(): Promise<VerifyResult>;
  close(): Promise<void>;
}
