import { macMatches, macOf, type MacKeys } from './mac-keys.ts';
import { GENESIS_HASH, hashRecord } from './hash-chain.ts';
import type { AuditRecord } from './record.ts';

/**
 * The trail's last record as Runsheet published it (log, /metrics, the head file): MACed, so a
 * head cannot be forged without the key. Verify given a head knows how long the trail must be,
 * which is what detects records removed from the end.
 */
export interface PublishedHead {
  seq: number;
  hash: string;
  /** When it was published. */
  at: string;
  keyId: string;
  mac: string;
}

export function publishHead(
  last: { seq: number; hash: string } | null,
  keys: MacKeys,
  at = new Date(),
): PublishedHead {
  const { seq, hash } = last ?? { seq: 0, hash: GENESIS_HASH };
  return {
    seq,
    hash,
    at: at.toISOString(),
    keyId: keys.signing.id,
    mac: macOf(keys.signing.secret, headMessage(seq, hash)),
  };
}

const headMessage = (seq: number, hash: string) => `runsheet-audit-head:${seq}:${hash}`;

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The first record that does not fit the chain, and why. */
  problem: { seq: number; runId: string | null; reason: string } | null;
  /**
   * Only when some are: records written before the trail was keyed. Their chain holds, but anyone
   * who could write the store could have rewritten them and recomputed their hashes.
   */
  unkeyed?: number;
  /** The published head the trail was checked against, when there was one. */
  head?: { seq: number; at: string };
}

/** The fields a store keeps beside each record to search by; verify compares them with the record. */
export const INDEXED_FIELDS = [
  'seq',
  'kind',
  'environment',
  'runId',
  'at',
  'actor',
  'action',
  'risk',
  'outcome',
  'incidentId',
] as const;
export type IndexedField = (typeof INDEXED_FIELDS)[number];

/** A record as stored: the record, and the store's own copies of its searchable fields. */
export interface StoredRecord {
  record: AuditRecord;
  columns?: Partial<Record<IndexedField, unknown>>;
}

export interface VerifyOptions {
  keys: MacKeys;
  /** The last published head: the trail must reach it, through exactly that record. */
  head?: PublishedHead | undefined;
}

/** Walks the trail in order; names the first record that was edited, removed, reordered or rewritten. */
export async function verifyChain(
  records: Iterable<AuditRecord> | AsyncIterable<AuditRecord>,
  options: VerifyOptions,
): Promise<VerifyResult> {
  async function* stored() {
    for await (const record of records) yield { record };
  }
  return verifyStored(stored(), options);
}

export async function verifyStored(
  rows: Iterable<StoredRecord> | AsyncIterable<StoredRecord>,
  { keys, head }: VerifyOptions,
): Promise<VerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let unkeyed = 0;
  let keyed = false;
  const result = (problem: VerifyResult['problem']): VerifyResult => ({
    ok: problem === null,
    checked,
    problem,
    ...(unkeyed ? { unkeyed } : {}),
    ...(head ? { head: { seq: head.seq, at: head.at } } : {}),
  });
  if (head) {
    const secret = keys.byId.get(head.keyId);
    if (!secret || !macMatches(secret, headMessage(head.seq, head.hash), head.mac)) {
      return result({
        seq: head.seq,
        runId: null,
        reason: `the head given as published at ${head.at} is not genuine: its MAC does not match ${secret ? `key ${head.keyId}` : `any configured key (it names ${head.keyId})`}`,
      });
    }
  }
  for await (const { record, columns } of rows) {
    const { hash, mac, ...unhashed } = record;
    const fail = (reason: string) =>
      result({ seq: record.seq, runId: record.runId ?? null, reason });
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
    if (mac === undefined && record.keyId === undefined) {
      if (keyed) {
        return fail(
          'it has no MAC though records before it have one: rewritten by someone without the key',
        );
      }
      unkeyed += 1;
    } else {
      const secret = record.keyId === undefined ? undefined : keys.byId.get(record.keyId);
      if (!secret) {
        return fail(
          `it is MACed with key ${record.keyId ?? '(none named)'}, which is not configured: add that key (audit.macKey or audit.macKeyFile) to verify it`,
        );
      }
      if (mac === undefined || !macMatches(secret, hash, mac)) {
        return fail('its MAC does not match: rewritten by someone without the key');
      }
      keyed = true;
    }
    for (const field of INDEXED_FIELDS) {
      if (!columns || !(field in columns)) continue;
      const [stored, actual] = [columns[field], record[field] ?? null];
      if (stored !== actual) {
        return fail(
          `its ${field} is stored for searching as ${JSON.stringify(stored)} but the record says ${JSON.stringify(actual)}: searches by ${field} would hide or misplace it`,
        );
      }
    }
    if (head && record.seq === head.seq && hash !== head.hash) {
      return fail(
        `it is not the record published as the head at ${head.at}: the trail was rewritten`,
      );
    }
    prevHash = hash;
    expectedSeq += 1;
    checked += 1;
  }
  if (head && head.seq >= expectedSeq) {
    return result({
      seq: expectedSeq,
      runId: null,
      reason: `the trail ends at record ${expectedSeq - 1}, but record ${head.seq} was published as its head at ${head.at}: records were removed from the end`,
    });
  }
  return result(null);
}
