import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { parseMacKeys } from '../../../../server/audit/mac-keys.ts';
import { chain, GENESIS_HASH, type AuditRecord } from '../../../../server/audit/record.ts';
import { createSqliteAuditStore, defaultKeyFile } from '../../../../server/audit/sqlite-store.ts';
import { INSERT_RECORD, rowOf } from '../../../../server/audit/sqlite-schema.ts';
import type { IndexedField } from '../../../../server/audit/verify-chain.ts';
import { auditStoreContract, entry } from '../../../contract/audit-store.ts';

const COLUMNS: Record<IndexedField, string> = {
  seq: 'seq',
  kind: 'kind',
  environment: 'environment',
  runId: 'run_id',
  at: 'at',
  actor: 'actor',
  action: 'action',
  risk: 'risk',
  outcome: 'outcome',
  incidentId: 'incident_id',
};

const freshPath = () => join(mkdtempSync(join(tmpdir(), 'runsheet-audit-')), 'audit.db');

auditStoreContract('SQLite', async () => {
  const path = freshPath();
  const store = createSqliteAuditStore(path);
  // Another connection, as someone with access to the file would have.
  const sql = (statement: string, ...values: SQLInputValue[]) => {
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
      async put(record: AuditRecord) {
        sql(INSERT_RECORD.replace('INSERT', 'INSERT OR REPLACE'), ...rowOf(record));
      },
      async editColumn(seq, field, value) {
        sql(`UPDATE audit_records SET ${COLUMNS[field]} = ? WHERE seq = ?`, value, seq);
      },
    },
  };
});

// Each test opens several stores, each a worker thread: slow to start on a busy machine.
describe('SQLite audit store', { timeout: 30_000 }, () => {
  it('waits for a lock held by another connection off the event loop', async () => {
    const path = freshPath();
    const store = createSqliteAuditStore(path);
    await store.append(entry());
    const other = new DatabaseSync(path);
    other.exec('BEGIN IMMEDIATE');
    let settled = false;
    const appended = store.append(entry()).finally(() => {
      settled = true;
    });
    // Timers still fire while the append waits for the lock: the server keeps answering.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).toBe(false);
    other.exec('COMMIT');
    other.close();
    expect(await appended).toMatchObject({ seq: 2 });
    await store.close();
  });

  it('generates its MAC key beside the trail, readable by its owner only, and reuses it', async () => {
    const path = freshPath();
    const first = createSqliteAuditStore(path);
    await first.append(entry());
    await first.close();
    const keyFile = defaultKeyFile(path);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^k-\d{4}-\d{2}-\d{2}:\S{43}$/m);
    const second = createSqliteAuditStore(path);
    await second.append(entry());
    expect(await second.verify()).toEqual({ ok: true, checked: 2, problem: null });
    await second.close();
  });

  it('verifies records of a rotated-out key kept for verifying, and names a key it lacks', async () => {
    const path = freshPath();
    const [k1, k2] = ['k1:' + 'a'.repeat(32), 'k2:' + 'b'.repeat(32)];
    const old = createSqliteAuditStore(path, { keys: parseMacKeys(k1, 'test') });
    await old.append(entry());
    await old.close();
    const rotated = createSqliteAuditStore(path, { keys: parseMacKeys(`${k2},${k1}`, 'test') });
    expect(await rotated.append(entry())).toMatchObject({ seq: 2, keyId: 'k2' });
    expect(await rotated.verify()).toEqual({ ok: true, checked: 2, problem: null });
    await rotated.close();
    const forgetful = createSqliteAuditStore(path, { keys: parseMacKeys(k2, 'test') });
    expect((await forgetful.verify()).problem).toMatchObject({
      seq: 1,
      reason:
        'it is MACed with key k1, which is not configured: add that key (audit.macKey or audit.macKeyFile) to verify it',
    });
    await forgetful.close();
  });

  it('appends the published heads that changed to the head file, and verifies against its last', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runsheet-audit-'));
    const headFile = join(dir, 'heads', 'audit-heads.jsonl');
    const store = createSqliteAuditStore(join(dir, 'audit.db'), { headFile });
    await store.publishHead();
    await store.append(entry());
    await store.publishHead();
    await store.publishHead();
    const lines = readFileSync(headFile, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { seq: number }).seq)).toEqual([0, 1]);
    await store.close();

    // Another process (verify from the command line) knows the head only from the file.
    const db = new DatabaseSync(join(dir, 'audit.db'));
    db.exec('DELETE FROM audit_records');
    db.close();
    const reader = createSqliteAuditStore(join(dir, 'audit.db'), { headFile });
    expect(await reader.verify()).toMatchObject({ ok: false, head: { seq: 1 } });
    await reader.close();
  });
});

describe('a SQLite trail written before kind and environment were filter columns', () => {
  it('gets the columns, filled from its records, with the chain untouched', async () => {
    const path = freshPath();
    const old = new DatabaseSync(path);
    old.exec(`CREATE TABLE audit_records (seq INTEGER PRIMARY KEY, run_id TEXT NOT NULL,
      at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, risk TEXT NOT NULL,
      outcome TEXT, incident_id TEXT, record TEXT NOT NULL)`);
    // As an older Runsheet wrote it: unkeyed too.
    const record = chain(entry({ environment: 'staging' }), 1, GENESIS_HASH, null);
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
      expect(await store.verify()).toEqual({ ok: true, checked: 1, problem: null, unkeyed: 1 });
    } finally {
      await store.close();
    }
  });
});
