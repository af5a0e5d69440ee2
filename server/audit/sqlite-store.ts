import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import type { AuditQuery, AuditStore, AuditStoreOptions } from './audit-store.ts';
import { createHeadKeeper } from './head-keeper.ts';
import { ephemeralKeys, loadOrCreateKeyFile, toList } from './mac-keys.ts';
import type { AuditEntry, AuditRecord } from './record.ts';
import type { Reply, Request } from './sqlite-protocol.ts';
import { prepareSchema } from './sqlite-schema.ts';
import type { VerifyResult } from './verify-chain.ts';

/** Records per message while walking the whole trail. */
const PAGE = 500;

/** Where the embedded default keeps its generated MAC key: beside the trail, not inside it. */
export function defaultKeyFile(sqlitePath: string): string {
  return join(dirname(sqlitePath), 'audit-mac.key');
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type Ask = { op: Request['op'] } & Record<string, unknown>;

/**
 * The default store: one SQLite file (WAL, synchronous FULL) through node:sqlite, owned by a
 * worker thread (sqlite-worker.ts) so the event loop never waits for the disk or for a lock.
 * Appends run in IMMEDIATE transactions, so even several processes on the same file chain their
 * records in one order. Without keys given, the MAC key comes from `audit-mac.key` beside the file
 * (generated at first start); an in-memory trail gets a key that dies with it.
 */
export function createSqliteAuditStore(
  path: string,
  {
    keys = path === ':memory:' ? ephemeralKeys() : loadOrCreateKeyFile(defaultKeyFile(path)),
    headFile,
  }: Partial<AuditStoreOptions> = {},
): AuditStore {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true });
    // Once, at start-up: a file that cannot be opened fails here, as the store is made, and the
    // table exists before anything else opens the file.
    const db = new DatabaseSync(path);
    try {
      prepareSchema(db);
    } finally {
      db.close();
    }
  }
  const heads = createHeadKeeper(keys, headFile);
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let worker: Worker | undefined;
  let closed = false;

  function start(): Worker {
    const started = new Worker(new URL('./sqlite-worker.ts', import.meta.url), {
      workerData: { path, keyList: toList(keys) },
    });
    started.on('message', (reply: Reply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (pending.size === 0) started.unref();
      if (reply.ok) waiting.resolve(reply.value);
      else
        waiting.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    });
    // A dead worker fails what it held (fail closed); the next request starts a new one.
    const stopped = (error: Error) => {
      if (worker === started) worker = undefined;
      for (const [id, waiting] of pending) {
        pending.delete(id);
        waiting.reject(new Error(`the SQLite audit store's thread stopped: ${error.message}`));
      }
    };
    started.on('error', stopped);
    started.on('exit', (code) => stopped(new Error(`exit code ${code}`)));
    return started;
  }

  function ask<T>(request: Ask): Promise<T> {
    if (closed) return Promise.reject(new Error('the SQLite audit store is closed'));
    worker ??= start();
    const id = nextId++;
    // Keeps the process alive only while it waits for an answer (a store left open does not).
    if (pending.size === 0) worker.ref();
    const answer = new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    });
    try {
      worker.postMessage({ ...request, id });
    } catch (error) {
      // Not something a thread can be sent (a function in an input, say): this request fails alone.
      pending.get(id)?.reject(error as Error);
      pending.delete(id);
      if (pending.size === 0) worker.unref();
    }
    return answer;
  }

  async function* inOrder(): AsyncGenerator<AuditRecord> {
    for (let after = 0; ;) {
      const records = await ask<AuditRecord[]>({ op: 'page', after, limit: PAGE });
      yield* records;
      if (records.length < PAGE) return;
      after = records.at(-1)!.seq;
    }
  }

  return {
    name: 'sqlite',
    append(entry: AuditEntry): Promise<AuditRecord> {
      return ask<AuditRecord>({ op: 'append', entry });
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
      const rows = await ask<{ record: string }[]>({
        op: 'read',
        sql,
        // -1: no limit, every match.
        params: [...values, query.limit ?? -1],
      });
      return rows.map((row) => JSON.parse(row.record) as AuditRecord);
    },
    claim(key: string): Promise<boolean> {
      return ask<boolean>({ op: 'claim', key });
    },
    all: inOrder,
    async publishHead() {
      return heads.publish(await ask<{ seq: number; hash: string } | null>({ op: 'last' }));
    },
    async verify(options = {}) {
      const head = options.head ?? (await heads.latest());
      return ask<VerifyResult>({ op: 'verify', head });
    },
    async close() {
      if (closed || !worker) {
        closed = true;
        return;
      }
      const running = worker;
      await ask({ op: 'close' }).catch(() => undefined);
      closed = true;
      await running.terminate();
    },
  };
}
