/**
 * The SQLite trail's own thread: it owns the connection, so no disk write, fsync or lock wait
 * ever runs on the server's event loop. Appends that arrive together are chained and committed
 * in one transaction (one fsync); each is answered only once that transaction is durable.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { fromList, type MacKeyList } from './mac-keys.ts';
import { canonicalJson, chain, GENESIS_HASH } from './hash-chain.ts';
import type { AuditEntry, AuditRecord } from './record.ts';
import { verifyStored, type PublishedHead, type StoredRecord } from './verify-chain.ts';
import type { Reply, Request } from './sqlite-protocol.ts';
import { INSERT_RECORD, prepareSchema, rowOf } from './sqlite-schema.ts';

const { path, keyList } = workerData as { path: string; keyList: MacKeyList };
const port = parentPort!;
const keys = fromList(keyList);
/** At most this many records per transaction, so one batch never holds the lock for long. */
const MAX_BATCH = 1_000;

const db = new DatabaseSync(path);
prepareSchema(db);
const lastRow = db.prepare('SELECT seq, record FROM audit_records ORDER BY seq DESC LIMIT 1');
const insert = db.prepare(INSERT_RECORD);
const insertClaim = db.prepare('INSERT OR IGNORE INTO audit_claims (key, at) VALUES (?, ?)');
const page = db.prepare('SELECT record FROM audit_records WHERE seq > ? ORDER BY seq LIMIT ?');

let appends: { id: number; entry: AuditEntry }[] = [];
let flushScheduled = false;

port.on('message', (request: Request) => {
  if (request.op === 'append') {
    appends.push({ id: request.id, entry: request.entry });
    // Everything that arrived before this turn of the loop ends goes into the same transaction.
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushAppends);
    }
    return;
  }
  // Reads go first: a caller that needs its own append awaited it already, and making a read
  // wait for the pending batch would split batches in two. Closing writes what is pending.
  if (request.op === 'close') flushAppends();
  void answer(request);
});

async function answer(request: Exclude<Request, { op: 'append' }>): Promise<void> {
  try {
    const value = await handle(request);
    reply({ id: request.id, ok: true, value });
  } catch (error) {
    reply({ id: request.id, ok: false, error: errorOf(error) });
  }
}

function handle(request: Exclude<Request, { op: 'append' }>): unknown {
  switch (request.op) {
    case 'read':
      return db.prepare(request.sql).all(...(request.params as SQLInputValue[]));
    case 'page':
      return (page.all(request.after, request.limit) as { record: string }[]).map(
        (row) => JSON.parse(row.record) as AuditRecord,
      );
    case 'claim':
      return insertClaim.run(request.key, new Date().toISOString()).changes === 1;
    case 'last': {
      const row = lastRow.get() as { seq: number; record: string } | undefined;
      return row ? { seq: row.seq, hash: (JSON.parse(row.record) as AuditRecord).hash } : null;
    }
    case 'verify':
      return verifyStored(storedRecords(), { keys, head: request.head as PublishedHead });
    case 'close':
      db.close();
      port.close();
      return null;
  }
}

function* storedRecords(): Generator<StoredRecord> {
  const rows = db
    .prepare(
      'SELECT seq, kind, environment, run_id, at, actor, action, risk, outcome, incident_id, record FROM audit_records ORDER BY seq',
    )
    .iterate();
  for (const row of rows as Iterable<Record<string, string | number | null>>) {
    yield {
      record: JSON.parse(row['record'] as string) as AuditRecord,
      columns: {
        seq: row['seq'],
        kind: row['kind'],
        environment: row['environment'],
        runId: row['run_id'],
        at: row['at'],
        actor: row['actor'],
        action: row['action'],
        risk: row['risk'],
        outcome: row['outcome'],
        incidentId: row['incident_id'],
      },
    };
  }
}

function flushAppends(): void {
  flushScheduled = false;
  while (appends.length > 0) {
    const batch = appends.slice(0, MAX_BATCH);
    appends = appends.slice(MAX_BATCH);
    // An entry that cannot be written as JSON is refused alone, before the transaction.
    const writable = batch.filter(({ id, entry }) => {
      try {
        canonicalJson(entry);
        return true;
      } catch (error) {
        reply({ id, ok: false, error: errorOf(error) });
        return false;
      }
    });
    if (writable.length > 0) commit(writable);
  }
}

function commit(batch: { id: number; entry: AuditEntry }[]): void {
  const written: Reply[] = [];
  try {
    db.exec('BEGIN IMMEDIATE');
    const last = lastRow.get() as { seq: number; record: string } | undefined;
    let seq = last?.seq ?? 0;
    let prevHash = last ? (JSON.parse(last.record) as AuditRecord).hash : GENESIS_HASH;
    for (const { id, entry } of batch) {
      const record = chain(entry, ++seq, prevHash, keys.signing);
      insert.run(...rowOf(record));
      prevHash = record.hash;
      written.push({ id, ok: true, value: record });
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    for (const { id } of batch) reply({ id, ok: false, error: errorOf(error) });
    return;
  }
  for (const answer of written) reply(answer);
}

function reply(message: Reply): void {
  port.postMessage(message);
}

function errorOf(error: unknown): { message: string; code?: string } {
  const { message, code } = error as { message?: string; code?: unknown };
  return {
    message: message ?? String(error),
    ...(typeof code === 'string' ? { code } : {}),
  };
}
