import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describe, expect, inject, it } from 'vitest';
import { createMongoAuditStore } from '../../../server/audit/mongo-store.ts';
import {
  chain,
  GENESIS_HASH,
  verifyChain,
  type AuditRecord,
} from '../../../server/audit/record.ts';
import { auditStoreContract, entry } from '../../contract/audit-store.ts';
import { mongoUriWithCredentials } from '../../support/mongo-uri.ts';

const mongo = inject('mongo');

function freshStore() {
  const database = `runsheet_audit_${randomUUID().slice(0, 8)}`;
  return {
    database,
    store: createMongoAuditStore({ uri: mongoUriWithCredentials(mongo), database }),
  };
}

auditStoreContract(`MongoDB protocol (${mongo.product} ${mongo.version})`, async () => {
  const { database, store } = freshStore();
  const client = new MongoClient(mongoUriWithCredentials(mongo));
  const records = () =>
    client.db(database).collection<{ _id: number; record: string }>('audit_records');
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
    },
  };
});

describe('MongoDB audit store shared by two backends', () => {
  it('keeps one intact chain when two replicas append at once', async () => {
    const { database, store: first } = freshStore();
    const second = createMongoAuditStore({ uri: mongoUriWithCredentials(mongo), database });
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
      expect(await verifyChain(all)).toEqual({ ok: true, checked: 60, problem: null });
    } finally {
      await second.close();
      await first.close();
    }
  });
});

describe('a MongoDB trail written before kind and environment were filter fields', () => {
  it('gets the fields, filled from its records, with the chain untouched', async () => {
    const { database, store } = freshStore();
    const client = new MongoClient(mongoUriWithCredentials(mongo));
    try {
      const record = chain(entry({ environment: 'staging' }), 1, GENESIS_HASH);
      const { runId, at, actor, action, risk, outcome, incidentId } = record;
      await client
        .db(database)
        .collection<{ _id: number } & Record<string, unknown>>('audit_records')
        .insertOne({
          _id: 1,
          runId,
          at,
          actor,
          action,
          risk,
          outcome,
          incidentId,
          record: JSON.stringify(record),
        });
      expect(await store.list({ kind: 'started', environment: 'staging' })).toEqual([record]);
      expect(await store.list({ environment: 'production' })).toEqual([]);
      expect(await store.verify()).toEqual({ ok: true, checked: 1, problem: null });
    } finally {
      await store.close();
      await client.db(database).dropDatabase();
      await client.close();
    }
  });
});
