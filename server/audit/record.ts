import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Risk } from '../actions/types.ts';

/**
 * One entry of the append-only audit trail. A run writes two: `started`, before anything touches a
 * target, and `finished`, with the outcome. Incidents and two-person approvals live in the trail
 * too (`runId` is then the incident's, the approval's or the drill attempt's id). Each entry holds the hash of the one before it, so an
 * edit, a deletion or a reordering breaks the chain where it happened.
 */
export interface AuditEntry {
  kind: AuditKind;
  runId: string;
  at: string;
  actor: string;
  environment: string;
  action: string;
  risk: Risk;
  /** Runbook page and step the run came from, when it came from one. */
  page: string | null;
  step: string | null;
  /**
   * The deployed runbooks it ran from: the step manifest's hash. Absent from records written
   * before Runsheet had manifests (their hashes stay valid: absent fields are not hashed).
   */
  runbookVersion?: string | null;
  /**
   * started only: which process ran it, `<hostname>/<pid>`, so that a later start-up on the same
   * host can tell a run whose process died (interrupted) from one another process still runs.
   * Absent from records written before Runsheet recorded it.
   */
  writer?: string;
  /**
   * A run typed on an incident page or at the terminal with `--incident` rather than taken from a
   * runbook step, and the line typed (null when an action's form was filled). Absent from runs
   * from runbook pages and from records written before Runsheet had ad-hoc work.
   */
  adhoc?: boolean;
  line?: string | null;
  /** The validated input, secrets redacted. */
  input: unknown;
  confirmed: boolean;
  reason: string | null;
  incidentId: string | null;
  requestId: string | null;
  /**
   * The X-Request-Id the caller sent, kept beside the server's own `requestId`. Absent when none
   * was sent, and from records written before it was kept.
   */
  clientRequestId?: string;
  /** finished only: */
  outcome: Outcome | null;
  durationMs: number | null;
  preview: unknown;
  resultDigest: string | null;
  error: { code: string; message: string } | null;
  /**
   * finished only, when the action noted any: facts about the run beyond its result, such as the
   * Temporal batch job that did the work. Absent otherwise (absent fields are not hashed).
   */
  facts?: Record<string, string | number | boolean>;
}

/**
 * `interrupted`: the process running it stopped (crash, kill -9, power) before it finished; the
 * next start-up of Runsheet writes that record, since the run itself never could.
 */
export type Outcome = 'succeeded' | 'failed' | 'refused' | 'cancelled' | 'interrupted';

export interface AuditRecord extends AuditEntry {
  /** Position in the trail: 1, 2, 3… with no gaps. */
  seq: number;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The two records of a run. */
export type RunKind = 'started' | 'finished';

const mistake = z.object({ runId: z.string().nullable(), message: z.string() });

/**
 * Events: what Runsheet itself did rather than a run (an incident opened, an approval granted…).
 * The record's `runId` is that thing's id, its `action` `runsheet.<first part of the kind>`, its
 * `input` the payload: written through the kind's schema and read back through it
 * (server/audit/events.ts). A new kind is one line here.
 */
export const eventKinds = {
  'incident.opened': {
    risk: 'write',
    payload: z.object({
      title: z.string(),
      severity: z.enum(['P0', 'P1', 'P2', 'P3']),
      ticket: z.string().optional(),
    }),
  },
  'incident.closed': { risk: 'write', payload: z.object({ summary: z.string().optional() }) },
  'approval.requested': {
    risk: 'destructive',
    payload: z.object({
      action: z.string(),
      input: z.unknown(),
      reason: z.string().nullable(),
      preview: z.unknown(),
      /** sha256 of the canonical {action, input}: what a run must match to use the approval. */
      digest: z.string(),
    }),
  },
  'approval.granted': { risk: 'destructive', payload: z.object({ action: z.string() }) },
  'approval.used': { risk: 'destructive', payload: z.object({ action: z.string() }) },
  'drill.started': {
    risk: 'write',
    payload: z.object({
      drill: z.string(),
      /** The runbook page with this attempt's parameters filled. */
      url: z.string(),
      params: z.record(z.string(), z.string()),
      /** What the check needs that the runbook URL does not carry. */
      facts: z.record(z.string(), z.string()).optional(),
      briefing: z.string(),
    }),
  },
  'drill.checked': {
    risk: 'write',
    payload: z.object({
      drill: z.string(),
      resolved: z.boolean(),
      status: z.string(),
      mistakes: z.array(mistake),
      /** The trainee's runs the verdict was judged on, by id. */
      steps: z.array(z.string()),
    }),
  },
  /**
   * An attempt refused (no permission, an undeclared step, a foreign Host…), see refusals.ts:
   * `error` says why; `count` refusals of this actor and reason, the first or those `since`.
   */
  refused: {
    risk: 'read',
    payload: z.object({ count: z.number().int().positive(), since: z.string().optional() }),
  },
  /** A finding or decision written on an incident page: Markdown, secrets redacted. */
  'note.added': { risk: 'read', payload: z.object({ text: z.string() }) },
  /** "Add to runbook" on an ad-hoc cell (the record's runId is the cell's run): where it goes. */
  'cell.promoted': {
    risk: 'read',
    payload: z.object({ page: z.string(), section: z.string(), file: z.string() }),
  },
} as const satisfies Record<string, { risk: Risk; payload: z.ZodType }>;

export type EventKind = keyof typeof eventKinds;
export type AuditKind = RunKind | EventKind;
export type EventPayload<K extends EventKind> = z.output<(typeof eventKinds)[K]['payload']>;

/** One event as the trail holds it: a discriminated union on `kind`, each with its payload's type. */
export type AuditEvent<K extends EventKind = EventKind> = {
  [Kind in K]: Omit<AuditRecord, 'kind' | 'input'> & { kind: Kind; input: EventPayload<Kind> };
}[K];

/** Every kind a record can have, for filters. */
export const auditKinds = ['started', 'finished', ...Object.keys(eventKinds)] as [
  AuditKind,
  ...AuditKind[],
];

/**
 * An entry for something Runsheet itself did rather than a run (an incident opened, an approval
 * granted…): `id` is that thing's id, `input` what was said about it.
 */
export function eventEntry(event: {
  kind: AuditKind;
  id: string;
  actor: string;
  environment: string;
  action: string;
  risk: Risk;
  input: unknown;
  incidentId?: string | null;
}): AuditEntry {
  return {
    kind: event.kind,
    runId: event.id,
    at: new Date().toISOString(),
    actor: event.actor,
    environment: event.environment,
    action: event.action,
    risk: event.risk,
    page: null,
    step: null,
    input: event.input,
    confirmed: true,
    reason: null,
    incidentId: event.incidentId ?? null,
    requestId: null,
    outcome: null,
    durationMs: null,
    preview: null,
    resultDigest: null,
    error: null,
  };
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

/** The hash of a record: its position, the previous hash and every field of the entry. */
export function hashRecord(record: Omit<AuditRecord, 'hash'>): string {
  return sha256(canonicalJson(record));
}

export function chain(entry: AuditEntry, seq: number, prevHash: string): AuditRecord {
  const unhashed = { ...entry, seq, prevHash };
  return { ...unhashed, hash: hashRecord(unhashed) };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The first record that does not fit the chain, and why. */
  problem: { seq: number; runId: string | null; reason: string } | null;
}

/** Walks the trail in order; names the first record that was edited, removed or reordered. */
export async function verifyChain(
  records: Iterable<AuditRecord> | AsyncIterable<AuditRecord>,
): Promise<VerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for await (const record of records) {
    const { hash, ...unhashed } = record;
    const fail = (reason: string): VerifyResult => ({
      ok: false,
      checked,
      problem: { seq: record.seq, runId: record.runId, reason },
    });
    if (record.seq !== expectedSeq) {
      return fail(
        `found record ${record.seq} where record ${expectedSeq} belongs: records were removed or reordered`,
      );
    }
    if (record.prevHash !== prevHash)
      return fail(
        `it does not follow record ${expectedSeq - 1}: reordered or a record before it was removed`,
      );
    if (hashRecord(unhashed) !== hash) return fail('its content does not match its hash: edited');
    prevHash = hash;
    expectedSeq += 1;
    checked += 1;
  }
  return { ok: true, checked, problem: null };
}
