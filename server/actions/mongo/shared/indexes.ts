import { BSON, type Document } from 'mongodb';
import type { MongoSession } from '../../../targets/mongo.ts';

/** One index as a person reads it. */
export interface IndexInfo {
  name: string;
  /** Fields and directions in order, e.g. { status: 1, createdAt: -1 }. */
  keys: Record<string, unknown>;
  unique: boolean;
  sparse: boolean;
  partialFilterExpression: Document | null;
  expireAfterSeconds: number | null;
  hidden: boolean;
}

export async function listIndexes(
  session: MongoSession,
  database: string,
  collection: string,
): Promise<IndexInfo[]> {
  // A collection has at most 64 indexes: they all come in the first batch.
  const answer = await session.command(database, { listIndexes: collection, cursor: {} });
  const specs = (answer['cursor'] as { firstBatch?: Document[] } | undefined)?.firstBatch ?? [];
  return specs.map((spec) => ({
    name: String(spec['name']),
    keys: { ...(spec['key'] as Record<string, unknown>) },
    unique: spec['unique'] === true,
    sparse: spec['sparse'] === true,
    partialFilterExpression: spec['partialFilterExpression']
      ? toJson(spec['partialFilterExpression'] as Document)
      : null,
    expireAfterSeconds:
      typeof spec['expireAfterSeconds'] === 'number' ? spec['expireAfterSeconds'] : null,
    hidden: spec['hidden'] === true,
  }));
}

/**
 * A server document as plain JSON (MongoDB Extended JSON, relaxed): dates become {"$date": "…"},
 * the form the inputs take, so that answers and the audit trail keep them.
 */
export function toJson(document: Document): Document {
  return BSON.EJSON.serialize(document, { relaxed: true });
}

/** The BSON document a JSON filter stands for: {"$date": "…"} becomes a date. */
export function fromJson(document: Document): Document {
  return BSON.EJSON.deserialize(document, { relaxed: true }) as Document;
}

/** `status_1_createdAt_-1`: the name MongoDB itself gives an index when none is given. */
export function defaultIndexName(keys: Record<string, unknown>): string {
  return Object.entries(keys)
    .map(([field, direction]) => `${field}_${String(direction)}`)
    .join('_');
}

/** Same fields in the same order with the same directions: MongoDB treats such indexes as one. */
export function sameKeys(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const left = Object.entries(a);
  const right = Object.entries(b);
  return (
    left.length === right.length &&
    left.every(([field, direction], i) => {
      const [otherField, otherDirection] = right[i]!;
      return field === otherField && Number(direction) === Number(otherDirection);
    })
  );
}
