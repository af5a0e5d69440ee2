import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { chain, GENESIS_HASH } from '../../../server/audit/record.ts';
import { createSqliteAuditStore } from '../../../server/audit/sqlite-store.ts';
import { auditStoreContract, entry } from '../../contract/audit-store.ts';

auditStoreContract('SQLite', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'runsheet-audit-')), 'audit.db');
  const store = createSqliteAuditStore(path);
  // Another connection, as someone with access to the file would have.
  const sql = (statement: string, ...values: (string | number)[]) => {
    const db = new DatabaseSync(path);
    db.prepare(statement).run(...values);
    db.close();
  };
  const recordOf = (seq: number) => {
    const db = new DatabaseSync(path);
    const row = db.prepare('SELECT record FROM audit_records WHERE seq = ?').get(seq) as {
      record: string;
    };
    db.close();
    return JSON.parse(row.record) as Record<string, unknown>;
  };
  return {
    store,
    tamper: {
      async edit(seq, field, value) {
        sql(
          'UPDATE audit_records SET record = ? WHERE seq = ?',
          JSON.stringify({ ...recordOf(seq), [field]: value }),
          seq,
        );
      },
      async remove(seq) {
        sql('DELETE FROM audit_records WHERE seq = ?', seq);
      },
      async swap(a, b) {
        const [first, second] = [recordOf(a), recordOf(b)];
        sql('UPDATE audit_records SET record = ? WHERE seq = ?', JSON.stringify(second), a);
        sql('UPDATE audit_records SET record = ? WHERE seq = ?', JSON.stringify(first), b);
      },
    },
  };
});

describe('a SQLite trail written before kind and environment were filter columns', () => {
  it('gets the columns, filled from its records, with the chain untouched', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'runsheet-audit-')), 'audit.db');
    const old = new DatabaseSync(path);
    old.exec(`CREATE TABLE audit_records (seq INTEGER PRIMARY KEY, run_id TEXT NOT NULL,
      at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, risk TEXT NOT NULL,
      outcome TEXT, incident_id TEXT, record TEXT NOT NULL)`);
    const record = chain(entry({ environment: 'staging' }), 1, GENESIS_HASH);
    old
      .prepare(
        'INSERT INTO audit_records (seq, run_id, at, actor, action, risk, record) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        1,
        record.runId,
        record.at,
        record.actor,
        record.action,
        record.risk,
        JSON.stringify(record),
      );
    old.close();

    const store = createSqliteAuditStore(path);
    try {
      expect(await store.list({ kind: 'started', environment: 'staging' })).toEqual([record]);
      expect(await store.list({ environment: 'production' })).toEqual([]);
      expect(await store.verify()).toEqual({ ok: true, checked: 1, problem: null });
    } finally {
      await store.close();
    }
  });
});
