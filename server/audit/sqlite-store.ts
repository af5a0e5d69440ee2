import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { AuditQuery, AuditStore } from './audit-store.ts';
import { chain, GENESIS_HASH, verifyChain, type AuditEntry, type AuditRecord } from './record.ts';

/**
 * The default store: one SQLite file (WAL) through node:sqlite. Appends run in an IMMEDIATE
 * transaction, so even several processes on the same file chain their records in one order.
 */
export function createSqliteAuditStore(path: string): AuditStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA busy_timeout = 5000;
    CREATE TABLE IF NOT EXISTS audit_records (
      seq INTEGER PRIMARY KEY,
      kind TEXT,
      environment TEXT,
      run_id TEXT NOT NULL,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      risk TEXT NOT NULL,
      outcome TEXT,
      incident_id TEXT,
      record TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS audit_records_run ON audit_records (run_id);
    CREATE INDEX IF NOT EXISTS audit_records_at ON audit_records (at);
    CREATE INDEX IF NOT EXISTS audit_records_action ON audit_records (action);
    CREATE INDEX IF NOT EXISTS audit_records_incident ON audit_records (incident_id);
    CREATE TABLE IF NOT EXISTS audit_claims (key TEXT PRIMARY KEY, at TEXT NOT NULL);
  `);
  addFilterColumns(db);
  const last = db.prepare('SELECT seq, record FROM audit_records ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO audit_records (seq, kind, environment, run_id, at, actor, action, risk, outcome, incident_id, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertClaim = db.prepare('INSERT OR IGNORE INTO audit_claims (key, at) VALUES (?, ?)');
  let closed = false;

  function* inOrder(): Generator<AuditRecord> {
    for (const row of db.prepare('SELECT record FROM audit_records ORDER BY seq').iterate()) {
      yield JSON.parse((row as { record: string }).record) as AuditRecord;
    }
  }

  return {
    name: 'sqlite',
    async append(entry: AuditEntry): Promise<AuditRecord> {
      if (closed) throw new Error('the SQLite audit store is closed');
      db.exec('BEGIN IMMEDIATE');
      try {
        const previous = last.get() as { seq: number; record: string } | undefined;
        const prevHash = previous
          ? (JSON.parse(previous.record) as AuditRecord).hash
          : GENESIS_HASH;
        const record = chain(entry, (previous?.seq ?? 0) + 1, prevHash);
        insert.run(
          record.seq,
          record.kind,
          record.environment,
          record.runId,
          record.at,
          record.actor,
          record.action,
          record.risk,
          record.outcome,
          record.incidentId,
          JSON.stringify(record),
        );
        db.exec('COMMIT');
        return record;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    async list(query: AuditQuery): Promise<AuditRecord[]> {
      const where: string[] = [];
      const values: (string | number)[] = [];
      const filter = (column: string, value: string | undefined, operator = '=') => {
        if (value === undefined) return;
        where.push(`${column} ${operator} ?`);
        values.push(value);
      };
      const kinds = query.kind === undefined ? [] : [query.kind].flat();
      if (kinds.length) {
        where.push(`kind IN (${kinds.map(() => '?').join(', ')})`);
        values.push(...kinds);
      }
      filter('environment', query.environment);
      filter('actor', query.actor);
      filter('action', query.action);
      filter('risk', query.risk);
      filter('run_id', query.runId);
      filter('incident_id', query.incidentId);
      filter('at', query.since, '>=');
      filter('at', query.until, '<=');
      if (query.outcome) {
        // A run's outcome is on its `finished` record; list both records of the runs that had it.
        where.push('run_id IN (SELECT run_id FROM audit_records WHERE outcome = ?)');
        values.push(query.outcome);
      }
      const sql = `SELECT record FROM audit_records ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
      // -1: no limit, every match.
      const rows = db.prepare(sql).all(...values, query.limit ?? -1) as { record: string }[];
      return rows.map((row) => JSON.parse(row.record) as AuditRecord);
    },
    async claim(key: string): Promise<boolean> {
      if (closed) throw new Error('the SQLite audit store is closed');
      return insertClaim.run(key, new Date().toISOString()).changes === 1;
    },
    async *all(): AsyncIterable<AuditRecord> {
      yield* inOrder();
    },
    async verify() {
      return verifyChain(inOrder());
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

/**
 * `kind` and `environment` became filter columns after trails were written: a file from before
 * gets them, filled from its records (the records, and so the chain, are untouched).
 */
function addFilterColumns(db: DatabaseSync): void {
  const columns = new Set(
    (db.prepare('PRAGMA table_info(audit_records)').all() as { name: string }[]).map(
      (column) => column.name,
    ),
  );
  for (const column of ['kind', 'environment']) {
    if (!columns.has(column)) db.exec(`ALTER TABLE audit_records ADD COLUMN ${column} TEXT`);
  }
  db.exec(`
    UPDATE audit_records SET kind = json_extract(record, '$.kind'),
      environment = json_extract(record, '$.environment') WHERE kind IS NULL;
    CREATE INDEX IF NOT EXISTS audit_records_kind ON audit_records (kind, environment);
  `);
}
