import { MongoClient, MongoServerError, type Collection } from 'mongodb';
import type { AuditQuery, AuditStore } from './audit-store.ts';
import { chain, GENESIS_HASH, verifyChain, type AuditEntry, type AuditRecord } from './record.ts';

/** One record: the fields the trail is searched by, and the record itself as JSON (any keys). */
interface AuditDocument {
  _id: number;
  runId: string;
  at: string;
  actor: string;
  action: string;
  risk: string;
  outcome: string | null;
  incidentId: string | null;
  record: string;
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
      await coll.createIndexes([
        { key: { runId: 1 } },
        { key: { at: -1 } },
        { key: { action: 1 } },
        { key: { incidentId: 1 } },
      ]);
      return coll;
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  }

  const parse = (document: AuditDocument) => JSON.parse(document.record) as AuditRecord;

  return {
    name: 'mongodb',
    async append(entry: AuditEntry): Promise<AuditRecord> {
      const coll = await records();
      for (let attempt = 1; ; attempt++) {
        const last = await coll.find({}, { sort: { _id: -1 }, limit: 1 }).next();
        const record = chain(entry, (last?._id ?? 0) + 1, last ? parse(last).hash : GENESIS_HASH);
        try {
          await coll.insertOne({
            _id: record.seq,
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
    },
    async list(query: AuditQuery): Promise<AuditRecord[]> {
      const coll = await records();
      const filter: Record<string, unknown> = {};
      for (const key of ['actor', 'action', 'risk', 'runId', 'incidentId'] as const) {
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
      const found = await coll.find(filter, { sort: { _id: -1 }, limit: query.limit }).toArray();
      return found.map(parse);
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
