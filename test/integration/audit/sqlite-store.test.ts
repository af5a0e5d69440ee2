import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createSqliteAuditStore } from '../../../server/audit/sqlite-store.ts';
import { auditStoreContract } from '../../contract/audit-store.ts';

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
