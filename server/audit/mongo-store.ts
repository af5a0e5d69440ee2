import { MongoClient, MongoServerError, type Collection } from 'mongodb';
import type { AuditQuery, AuditStore } from './audit-store.ts';
import { chain, GENESIS_HASH, verifyChain, type AuditEntry, type AuditRecord } from './record.ts';

/** One record: the fields the trail is searched by, and the record itself as JSON (any keys). */
interface AuditDocument {
  _id: number;
  /** Absent from documents written before they were filter fields, until the store fills them. */
  kind?: string;
  environment?: string;
  runId: string;
  at: string;
  actor: string;
  action: string;
  risk: string;
  outcome: string | null;
  incidentId: string | null;
  record: string;
}

/** A key taken once for good (see AuditStore.claim): `_id` is the key, so the server keeps it unique. */
interface ClaimDocument {
  _id: string;
  at: string;
}

const DUPLICATE_KEY = 11000;
const MAX_ATTEMPTS = 100;

/**
 * The shared store, for several backend replicas writing one trail. The sequence number is the
 * document `_id`: two replicas appending at once both try the next number, one wins, the other
 * reads the new end of the chain and tries again, so the chain stays one line.
 */
export function createMongoAuditStore({
  uri,
  database,
  collection = 'audit_records',
  serverSelectionTimeoutMs = 5_000,
}: {
  uri: string;
  database: string;
  collection?: string;
  serverSelectionTimeoutMs?: number;
}): AuditStore {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: serverSelectionTimeoutMs });
  let ready: Promise<Collection<AuditDocument>> | undefined;

  function records(): Promise<Collection<AuditDocument>> {
    ready ??= (async () => {
      await client.connect();
      const coll = client.db(database).collection<AuditDocument>(collection);
      // Only the missing ones: FerretDB drops the connection when asked to create an existing index.
      const existing = new Set(
        (
          await coll
            .listIndexes()
            .toArray()
            .catch(() => [])
        ).map((index) => String(index['name'])),
      );
      const wanted = [
        { runId: 1 },
        { at: -1 },
        { action: 1 },
        { incidentId: 1 },
        { kind: 1, environment: 1 },
      ] as const;
      const missing = wanted.filter((key) => !existing.has(Object.entries(key).flat().join('_')));
      if (missing.length) await coll.createIndexes(missing.map((key) => ({ key })));
      await addFilterFields(coll);
      return coll;
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  }

  const parse = (document: AuditDocument) => JSON.parse(document.record) as AuditRecord;
  // Appends from this process go one at a time; only other replicas can race for a number.
  let tail: Promise<unknown> = Promise.resolve();

  async function appendNext(entry: AuditEntry): Promise<AuditRecord> {
    const coll = await records();
    for (let attempt = 1; ; attempt++) {
      const last = await coll.find({}, { sort: { _id: -1 }, limit: 1 }).next();
      const record = chain(entry, (last?._id ?? 0) + 1, last ? parse(last).hash : GENESIS_HASH);
      try {
        await coll.insertOne({
          _id: record.seq,
          kind: record.kind,
          environment: record.environment,
          runId: record.runId,
          at: record.at,
          actor: record.actor,
          action: record.action,
          risk: record.risk,
          outcome: record.outcome,
          incidentId: record.incidentId,
          record: JSON.stringify(record),
        });
        return record;
      } catch (error) {
        const taken = error instanceof MongoServerError && error.code === DUPLICATE_KEY;
        if (!taken || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }

  return {
    name: 'mongodb',
    append(entry: AuditEntry): Promise<AuditRecord> {
      const appended = tail.then(() => appendNext(entry));
      tail = appended.catch(() => undefined);
      return appended;
    },
    async list(query: AuditQuery): Promise<AuditRecord[]> {
      const coll = await records();
      const filter: Record<string, unknown> = {};
      if (query.kind !== undefined) filter['kind'] = { $in: [query.kind].flat() };
      for (const key of [
        'environment',
        'actor',
        'action',
        'risk',
        'runId',
        'incidentId',
      ] as const) {
        if (query[key] !== undefined) filter[key] = query[key];
      }
      if (query.since || query.until) {
        filter['at'] = {
          ...(query.since ? { $gte: query.since } : {}),
          ...(query.until ? { $lte: query.until } : {}),
        };
      }
      if (query.outcome) {
        const finished = await coll
          .find({ outcome: query.outcome }, { projection: { runId: 1 } })
          .toArray();
        const runIds = finished.map((document) => document.runId);
        filter['runId'] = { $in: query.runId ? runIds.filter((id) => id === query.runId) : runIds };
      }
      // 0: no limit, every match.
      const found = await coll
        .find(filter, { sort: { _id: -1 }, limit: query.limit ?? 0 })
        .toArray();
      return found.map(parse);
    },
    async claim(key: string): Promise<boolean> {
      await records();
      const claims = client.db(database).collection<ClaimDocument>(`${collection}_claims`);
      try {
        await claims.insertOne({ _id: key, at: new Date().toISOString() });
        return true;
      } catch (error) {
        if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
        throw error;
      }
    },
    async *all(): AsyncIterable<AuditRecord> {
      const coll = await records();
      for await (const document of coll.find({}, { sort: { _id: 1 } })) yield parse(document);
    },
    async verify() {
      return verifyChain(this.all());
    },
    async close() {
      ready = undefined;
      await client.close();
    },
  };
}

/**
 * `kind` and `environment` became filter fields after trails were written: documents from before
 * get them, from their records (the records, and so the chain, are untouched).
 */
async function addFilterFields(coll: Collection<AuditDocument>): Promise<void> {
  const older = await coll
    .find({ kind: { $exists: false } }, { projection: { record: 1 } })
    .toArray();
  if (older.length === 0) return;
  await coll.bulkWrite(
    older.map((document) => {
      const { kind, environment } = JSON.parse(document.record) as AuditRecord;
      return {
        updateOne: { filter: { _id: document._id }, update: { $set: { kind, environment } } },
      };
    }),
  );
}
