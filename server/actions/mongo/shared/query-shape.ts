import type { Document } from 'mongodb';

/**
 * The shape of a command as `$currentOp` or the profiler shows it, with every document value
 * replaced by "?": field names and operators stay (they say which index would help), values go
 * (they are customer data, and in auth commands, credentials).
 *
 *   { find: "task_routes", filter: { status: "PENDING", createdAt: { $gte: ISODate(…) } }, sort: { createdAt: -1 } }
 *   → { find: "task_routes", filter: { status: "?", createdAt: { $gte: "?" } }, sort: { createdAt: -1 } }
 */
export function commandShape(command: unknown): Document | null {
  if (!isPlainObject(command)) return null;
  const shape: Document = {};
  const entries = Object.entries(command).filter(([key]) => !DRIVER_FIELDS.has(key));
  for (const [index, [key, value]] of entries.entries()) {
    if (index === 0 && typeof value === 'string' && !SECRET_COMMANDS.has(key.toLowerCase())) {
      // The command's own argument: a collection name (find: "task_routes"), not a value.
      shape[key] = value;
    } else if (DIRECTION_FIELDS.has(key)) {
      shape[key] = directions(value);
    } else {
      shape[key] = valueShape(value, 0);
    }
  }
  return shape;
}

/** Session, cluster-time and routing fields every driver adds: noise for a person reading ops. */
const DRIVER_FIELDS = new Set([
  '$db',
  'lsid',
  '$clusterTime',
  '$readPreference',
  'txnNumber',
  'autocommit',
  'startTransaction',
  'signature',
  '$audit',
  '$client',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
]);

/** Commands whose first argument may itself be secret (a user name, a SASL mechanism payload). */
const SECRET_COMMANDS = new Set([
  'createuser',
  'updateuser',
  'saslstart',
  'saslcontinue',
  'authenticate',
  'getnonce',
]);

/** Fields whose numbers are index directions or projections (1, -1, 0), never document values. */
const DIRECTION_FIELDS = new Set(['sort', 'hint', 'projection', 'key', 'keys']);

const MAX_DEPTH = 8;
const MAX_ITEMS = 20;

function valueShape(value: unknown, depth: number): unknown {
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) {
    if (value.every((item) => !isPlainObject(item) && !Array.isArray(item))) {
      return value.length === 0 ? [] : ['?'];
    }
    const items = value.slice(0, MAX_ITEMS).map((item) => valueShape(item, depth + 1));
    return value.length > MAX_ITEMS ? [...items, '…'] : items;
  }
  if (isPlainObject(value)) {
    const shape: Document = {};
    for (const [key, item] of Object.entries(value)) {
      shape[key] =
        key === '$sort' || key === '$project' ? directions(item) : valueShape(item, depth + 1);
    }
    return shape;
  }
  return '?';
}

/** Keeps 1, -1 and 0 (directions, inclusions) and the field names; anything else becomes "?". */
function directions(value: unknown): unknown {
  if (!isPlainObject(value)) return typeof value === 'string' ? value : '?';
  const shape: Document = {};
  for (const [key, item] of Object.entries(value)) {
    shape[key] = item === 1 || item === -1 || item === 0 ? item : valueShape(item, 1);
  }
  return shape;
}

/** A JSON-like object: BSON values such as ObjectId, Date, Long or Binary are values, not documents. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
