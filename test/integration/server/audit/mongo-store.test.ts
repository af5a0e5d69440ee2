import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describe, expect, inject, it } from 'vitest';
import { ephemeralKeys } from '../../../../server/audit/mac-keys.ts';
import {
  createMongoAuditStore,
  documentOf,
  MAX_BATCH,
} from '../../../../server/audit/mongo-store.ts';
import { chain, GENESIS_HASH, type AuditRecord } from '../../../../server/audit/record.ts';
import { verifyChain, type IndexedField } from '../../../../server/audit/verify-chain.ts';
import { auditStoreContract, entry } from '../../../contract/audit-store.ts';
import { mongoUriWithCredentials } from '../../../support/mongo-uri.ts';

const mongo = inject('mongo');

function freshStore(keys = ephemeralKeys()) {
  const database = `runsheet_audit_${randomUUID().slice(0, 8)}`;
  return {
    database,
    keys,
    store: createMongoAuditStore({ uri: mongoUriWithCredentials(mongo), database, keys }),
  };
}

auditStoreContract(`MongoDB protocol (${mongo.product} ${mongo.version})`, async () => {
  const { database, store } = freshStore();
  const client = new MongoClient(mongoUriWithCredentials(mongo));
  const records = () =>
    client
      .db(database)
      .collection<{ _id: number; record: string } & Record<string, unknown>>('audit_records');
  const recordOf = async (seq: number) =>
    JSON.parse((await records().findOne({ _id: seq }))!.record) as Record<string, unknown>;
  const write = (seq: number, record: Record<string, unknown>) =>
    records().updateOne({ _id: seq }, { $set: { record: JSON.stringify(record) } });
  return {
    store: {
      ...store,
      async close() {
        await store.close();
        await client
          .db(database)
          .dropDatabase()
          .catch(() => undefined);
        await client.close();
      },
    },
    tamper: {
      async edit(seq, field, value) {
        await write(seq, { ...(await recordOf(seq)), [field]: value });
      },
      async remove(seq) {
        await records().deleteOne({ _id: seq });
      },
      async swap(a, b) {
        const [first, second] = [await recordOf(a), await recordOf(b)];
        await write(a, second);
        await write(b, first);
      },
      async put(record: AuditRecord) {
        const { seq, runId, at, actor, action, risk, outcome, incidentId } = record;
        await records().replaceOne(
          { _id: seq },
          { runId, at, actor, action, risk, outcome, incidentId, record: JSON.stringify(record) },
          { upsert: true },
        );
      },
      async editColumn(seq, field: IndexedField, value) {
        await records().updateOne({ _id: seq }, { $set: { [field]: value } });
      },
    },
  };
});

describe('MongoDB audit store shared by two backends', () => {
  it('keeps one intact chain when two replicas append at once', async () => {
    const { database, keys, store: first } = freshStore();
    const second = createMongoAuditStore({ uri: mongoUriWithCredentials(mongo), database, keys });
    try {
      await first.append(entry({ actor: 'replica-0' })); // the trail exists before replicas share it
      await Promise.all(
        Array.from({ length: 59 }, (_, i) =>
          (i % 2 ? first : second).append(entry({ actor: `replica-${(i + 1) % 2}` })),
        ),
      );
      const all: AuditRecord[] = [];
      for await (const record of first.all()) all.push(record);
      expect(all.map((record) => record.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(new Set(all.map((record) => record.actor))).toEqual(
        new Set(['replica-0', 'replica-1']),
      );
      expect(await verifyChain(all, { keys })).toEqual({ ok: true, checked: 60, problem: null });
    } finally {
      await second.close();
      await first.close();
    }
  });
});

describe('MongoDB audit store shared by two backends, under load', () => {
  it('stores each acknowledged record once, in one chain, when two replicas append 2,000 at once', async () => {
    const { database, keys, store: first } = freshStore();
    const second = createMongoAuditStore({ uri: mongoUriWithCredentials(mongo), database, keys });
    try {
      // Both start on a new trail at once, as replicas rolled out together do.
      await Promise.all([first.append(entry()), second.append(entry())]);
      const acknowledged = await Promise.all(
        Array.from({ length: 2_000 }, (_, i) => (i % 2 ? first : second).append(entry())),
      );
      const all = await Array.fromAsync(first.all());
      expect(all.length).toBe(2_002);
      const stored = new Map(all.map((record) => [record.seq, record.hash]));
      expect(acknowledged.filter((record) => stored.get(record.seq) !== record.hash)).toEqual([]);
      expect(await first.verify()).toMatchObject({ ok: true, checked: 2_002, problem: null });
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('runs on a server that stops an ordered insert of a whole batch at its first taken key', async () => {
    // What the chain across replicas relies on (mongo-store.ts, MAX_BATCH).
    const client = new MongoClient(mongoUriWithCredentials(mongo));
    const database = client.db(`runsheet_ordered_${randomUUID().slice(0, 8)}`);
    try {
      const coll = database.collection<{ _id: number; by: string }>('probe');
      for (const taken of [1, Math.floor(MAX_BATCH / 2), MAX_BATCH]) {
        await coll.deleteMany({});
        await coll.insertOne({ _id: taken, by: 'another replica' });
        const batch = Array.from({ length: MAX_BATCH }, (_, i) => ({ _id: i + 1, by: 'this one' }));
        await expect(coll.insertMany(batch, { ordered: true })).rejects.toThrow(/E11000/);
        expect(await coll.countDocuments({ by: 'this one' })).toBe(taken - 1);
      }
    } finally {
      await database.dropDatabase();
      await client.close();
    }
  });
});

describe('a MongoDB trail written before kind and environment were filter fields', () => {
  it('gets the fields, filled from its records, with the chain untouched', async () => {
    const { database, store } = freshStore();
    const client = new MongoClient(mongoUriWithCredentials(mongo));
    try {
      // As an older Runsheet wrote it: unkeyed too.
      const record = chain(entry({ environment: 'staging' }), 1, GENESIS_HASH, null);
      // Without the fields added since.
      const older = documentOf(record);
      delete older.kind;
      delete older.environment;
      await client.db(database).collection<typeof older>('audit_records').insertOne(older);
      expect(await store.list({ kind: 'started', environment: 'staging' })).toEqual([record]);
      expect(await store.list({ environment: 'production' })).toEqual([]);
      expect(await store.verify()).toEqual({ ok: true, checked: 1, problem: null, unkeyed: 1 });
    } finally {
      await store.close();
      await client.db(database).dropDatabase();
      await client.close();
    }
  });
});
