import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { AuditRecord } from './record.ts';

/** How a record is written: its search columns, then the record itself as JSON. */
export const INSERT_RECORD =
  'INSERT INTO audit_records (seq, kind, environment, run_id, at, actor, action, risk, outcome, incident_id, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/** The values of INSERT_RECORD for `record`. */
export function rowOf(record: AuditRecord): SQLInputValue[] {
  return [
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
  ];
}

/**
 * The trail's table: the record as JSON, plus copies of the fields it is searched by (verify
 * checks that each copy matches its record). Durability: WAL with a full sync at every commit.
 * Claims (AuditStore.claim) live beside it.
 */
export function prepareSchema(db: DatabaseSync): void {
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = FULL;
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
