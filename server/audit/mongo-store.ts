import { MongoBulkWriteError, MongoClient, MongoServerError, type Collection } from 'mongodb';
import type { AuditQuery, AuditStore, AuditStoreOptions } from './audit-store.ts';
import { createHeadKeeper } from './head-keeper.ts';
import { canonicalJson, chain, GENESIS_HASH, type AuditEntry, type AuditRecord } from './record.ts';
import { verifyStored } from './verify-chain.ts';

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
 * At most this many records per insertMany. The chain relies on an ordered insert stopping at its
 * first taken sequence number. MongoDB does at any size; FerretDB (1.24) inserts in chunks of 100
 * and, after an error, still inserts the next chunk, which left records chained from one that never
 * landed, and so a broken trail, when two replicas raced. Within one chunk it stops as it should.
 * The MongoDB store tests check that the server they run against does.
 */
export const MAX_BATCH = 100;

type Waiting = {
  entry: AuditEntry;
  resolve: (record: AuditRecord) => void;
  reject: (error: unknown) => void;
};

/**
 * The shared store, for several backend replicas writing one trail. The sequence number is the
 * document `_id`. Appends that arrive together go out as one ordered `insertMany`, chained from
 * the end of the trail. When another replica took those numbers first, the insert stops at the
 * first taken one: the records before it are in (and acknowledged), the rest are chained again
 * from the new end. So the chain stays one line across replicas.
 */
export function createMongoAuditStore({
  uri,
  database,
  collection = 'audit_records',
  serverSelectionTimeoutMs = 5_000,
  keys,
  headFile,
}: {
  uri: string;
  database: string;
  collection?: string;
  serverSelectionTimeoutMs?: number;
} & AuditStoreOptions): AuditStore {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: serverSelectionTimeoutMs });
  const heads = createHeadKeeper(keys, headFile);
  let ready: Promise<Collection<AuditDocument>> | undefined;

  /** Connects, and makes the indexes and filter fields the trail needs. */
  async function prepare(): Promise<Collection<AuditDocument>> {
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
  }

  function records(): Promise<Collection<AuditDocument>> {
    // Replicas starting at once on a new trail both create its indexes, and FerretDB drops the
    // connection of one: the second try finds them made.
    ready ??= prepare()
      .catch(() => prepare())
      .catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
    return ready;
  }

  const parse = (document: AuditDocument) => JSON.parse(document.record) as AuditRecord;
  const last = async (coll: Collection<AuditDocument>) => {
    const document = await coll.find({}, { sort: { _id: -1 }, limit: 1 }).next();
    return document ? { seq: document._id, hash: parse(document).hash } : null;
  };

  const queue: Waiting[] = [];
  let draining = false;

  /** One batch at a time from this process; what arrives meanwhile forms the next batch. */
  async function drain() {
    while (queue.length > 0) await insertBatch(queue.splice(0, MAX_BATCH));
    draining = false;
  }

  async function insertBatch(batch: Waiting[]) {
    let rest = batch;
    try {
      const coll = await records();
      for (let attempt = 1; rest.length > 0; attempt++) {
        const end = await last(coll);
        let [seq, prevHash] = [end?.seq ?? 0, end?.hash ?? GENESIS_HASH];
        const chained = rest.map(({ entry }) => {
          const record = chain(entry, ++seq, prevHash, keys.signing);
          prevHash = record.hash;
          return record;
        });
        const inserted = await coll
          .insertMany(chained.map(documentOf), { ordered: true })
          .then(() => chained.length)
          .catch((error: unknown) => {
            const count = insertedBeforeTakenSeq(error);
            if (count === undefined || attempt >= MAX_ATTEMPTS) throw error;
            return count;
          });
        rest.slice(0, inserted).forEach((waiting, i) => waiting.resolve(chained[i]!));
        rest = rest.slice(inserted);
        if (rest.length > 0) {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
        }
      }
    } catch (error) {
      for (const waiting of rest) waiting.reject(error);
    }
  }

  return {
    name: 'mongodb',
    append(entry: AuditEntry): Promise<AuditRecord> {
      return new Promise((resolve, reject) => {
        // An entry that cannot be written as JSON fails alone, not the batch it would join.
        canonicalJson(entry);
        queue.push({ entry, resolve, reject });
        if (draining) return;
        draining = true;
        // Let the appends of this turn of the event loop join the batch.
        setImmediate(() => void drain());
      });
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
    async publishHead() {
      return heads.publish(await last(await records()));
    },
    async verify(options = {}) {
      const coll = await records();
      async function* stored() {
        for await (const document of coll.find({}, { sort: { _id: 1 } })) {
          yield {
            record: parse(document),
            columns: {
              seq: document._id,
              kind: document.kind,
              environment: document.environment,
              runId: document.runId,
              at: document.at,
              actor: document.actor,
              action: document.action,
              risk: document.risk,
              outcome: document.outcome,
              incidentId: document.incidentId,
            },
          };
        }
      }
      return verifyStored(stored(), { keys, head: options.head ?? (await heads.latest()) });
    },
    async close() {
      ready = undefined;
      await client.close();
    },
  };
}

/** How a record is stored: its search fields, and the record itself as JSON. */
export function documentOf(record: AuditRecord): AuditDocument {
  return {
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
  };
}

/**
 * How many records of an ordered insertMany went in before a sequence number another replica had
 * taken; undefined for any other failure.
 */
function insertedBeforeTakenSeq(error: unknown): number | undefined {
  if (!(error instanceof MongoBulkWriteError)) return undefined;
  const errors = [error.writeErrors].flat();
  if (errors.length === 0) return undefined;
  const first = errors.reduce((a, b) => (b.index < a.index ? b : a));
  return first.code === DUPLICATE_KEY ? first.index : undefined;
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
