import type { DatabaseSync } from 'node:sqlite';

/**
 * The trail's table: the record as JSON, plus copies of the fields it is searched by (verify
 * checks that each copy matches its record). Durability: WAL with a full sync at every commit.
 */
export function prepareSchema(db: DatabaseSync): void {
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = FULL;
    PRAGMA busy_timeout = 5000;
    CREATE TABLE IF NOT EXISTS audit_records (
      seq INTEGER PRIMARY KEY,
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
  `);
}
