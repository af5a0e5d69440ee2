import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { hashRecord, type AuditRecord } from '../../server/audit/record.ts';
import type { PublishedHead } from '../../server/audit/verify-chain.ts';
import { api, startWithTargets } from './attack.ts';

/**
 * The chain against an insider who can write the store (issue 12, medium): its hashes had no key,
 * so rewriting a record's actor and recomputing the hashes after it verified intact, deleting the
 * last records verified, and changing the SQLite columns searches use (action, actor) hid runs
 * while verify said ok. Now records are MACed with a key kept outside the store, the head is
 * published (log, /metrics, a head file) for verify to check the end against, and verify compares
 * the search columns with each record. Each attack here edits a copy of the real trail file, and
 * `runsheet audit verify` (the real CLI) is run on it with the server's key.
 */
const MAC_KEY = `red:${randomBytes(32).toString('base64')}`;
const dir = mkdtempSync(join(tmpdir(), 'runsheet-chain-'));
const trailFile = join(dir, 'audit.db');
let head: PublishedHead;
let copies = 0;

beforeAll(async () => {
  const runsheet = await startWithTargets(
    {},
    {
      RUNSHEET_AUDIT_SQLITE_PATH: trailFile,
      RUNSHEET_AUDIT_MAC_KEY: MAC_KEY,
      RUNSHEET_AUDIT_HEAD_INTERVAL_MS: '200',
    },
  );
  try {
    for (let run = 0; run < 3; run++) {
      const answer = await api(runsheet.url, null, '/api/runs', {
        action: 'temporal.workflow.count',
        input: {},
      });
      expect(answer.status).toBe(200);
    }
    // Three runs, six records: the head /metrics publishes once it reached the last of them.
    head = await vi.waitFor(
      async () => {
        const metrics = await (await fetch(`${runsheet.url}/metrics`)).text();
        const labels = /^runsheet_audit_head_info\{(.*)\} 1$/m.exec(metrics)?.[1] ?? '';
        const label = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(labels)?.[1] ?? '';
        expect(label('seq')).toBe('6');
        const [hash, at, keyId, mac] = ['hash', 'at', 'key_id', 'mac'].map(label);
        return { seq: 6, hash: hash!, at: at!, keyId: keyId!, mac: mac! };
      },
      { timeout: 20_000, interval: 100 },
    );
  } finally {
    await runsheet.stop();
  }
});

/** A copy of the trail file, as someone with write access to it left it after `edit`. */
function tampered(edit: (db: DatabaseSync, records: AuditRecord[]) => void): string {
  const copy = join(dir, `tampered-${++copies}.db`);
  const source = new DatabaseSync(trailFile);
  source.exec(`VACUUM INTO '${copy}'`);
  source.close();
  const db = new DatabaseSync(copy);
  const rows = db.prepare('SELECT record FROM audit_records ORDER BY seq').all();
  edit(
    db,
    rows.map((row) => JSON.parse(row['record'] as string) as AuditRecord),
  );
  db.close();
  return copy;
}

/** `runsheet audit verify [--head <json>]` on a trail file, with the server's key. */
async function verify(file: string, published?: PublishedHead) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('RUNSHEET_')),
  );
  const words = ['audit', 'verify', ...(published ? ['--head', JSON.stringify(published)] : [])];
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['server/cli/main.ts', ...words],
      {
        env: {
          ...inherited,
          HOME: dir,
          RUNSHEET_SANDBOX: 'off',
          RUNSHEET_AUDIT_SQLITE_PATH: file,
          RUNSHEET_AUDIT_MAC_KEY: MAC_KEY,
        },
      },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe('the keyed chain, checked by runsheet audit verify', () => {
  it('holds as written, and against its published head', async () => {
    expect(await verify(trailFile, head)).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^Audit trail intact: 6 records \(sqlite\)\.\n/),
    });
  });

  it("detects a record's actor rewritten with every hash after it recomputed", async () => {
    const file = tampered((db, records) => {
      const update = db.prepare('UPDATE audit_records SET record = ?, actor = ? WHERE seq = ?');
      let prevHash = records[1]!.hash;
      for (const record of records.slice(2)) {
        // Without the key the MAC cannot be redone: it stays; the plain hashes all fit again.
        const unhashed: Partial<AuditRecord> = { ...record, prevHash };
        delete unhashed.hash;
        delete unhashed.mac;
        if (record.seq === 3) unhashed.actor = 'mallory@example.com';
        const rewritten = { ...unhashed, hash: hashRecord(unhashed), mac: record.mac };
        update.run(JSON.stringify(rewritten), rewritten.actor!, record.seq);
        prevHash = rewritten.hash;
      }
    });
    const { code, stdout } = await verify(file);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^Audit trail broken at record 3 \(run [\w-]+\): its MAC does not match: rewritten by someone without the key\. 2 records before it are intact\.\n/,
    );
  });

  it('detects the last records deleted, against the published head', async () => {
    const file = tampered((db) => db.exec('DELETE FROM audit_records WHERE seq > 4'));
    // Without a head nothing says the trail was longer: that is what publishing the head is for.
    expect((await verify(file)).stdout).toContain(
      'No published head to check against: records removed from the end would not show',
    );
    const { code, stdout } = await verify(file, head);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `Audit trail broken at record 5: the trail ends at record 4, but record 6 was published as its head at ${head.at}: records were removed from the end. 4 records before it are intact.`,
    );
  });

  it('detects a search column (action, actor) changed beside an untouched record', async () => {
    for (const [column, value] of [
      ['action', 'temporal.workflow.list'],
      ['actor', 'someone-else@example.com'],
    ] as const) {
      const file = tampered((db) =>
        db.prepare(`UPDATE audit_records SET ${column} = ? WHERE seq = 2`).run(value),
      );
      const { code, stdout } = await verify(file);
      expect(code).toBe(1);
      expect(stdout).toMatch(
        new RegExp(
          `^Audit trail broken at record 2 \\(run [\\w-]+\\): its ${column} is stored for searching as "${value}" but the record says ".+": searches by ${column} would hide or misplace it\\.`,
        ),
      );
    }
  });
});
