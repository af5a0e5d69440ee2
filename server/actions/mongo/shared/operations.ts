import type { Document } from 'mongodb';
import type { MongoSession } from '../../../targets/mongo.ts';
import { microsToMillis, numberOrNull } from './numbers.ts';
import { commandShape } from './query-shape.ts';

/** One operation in progress, as a person needs it to decide: never document values or credentials. */
export interface Operation {
  opid: number | string;
  /** query, getmore, insert, update, remove, command… */
  op: string | null;
  ns: string | null;
  runningMs: number | null;
  /** `ip:port` of the client connection. */
  client: string | null;
  appName: string | null;
  /** The connection, e.g. conn1234. */
  connection: string | null;
  planSummary: string | null;
  waitingForLock: boolean;
  killPending: boolean;
  /** The command with every value replaced by "?", e.g. { find: "task_routes", filter: { status: "?" } }. */
  command: Document | null;
}

export const OP_TYPES = [
  'query',
  'getmore',
  'insert',
  'update',
  'remove',
  'command',
  'killcursors',
] as const;

/** Tags the listing's own aggregate, which is itself in progress while it runs, to leave it out. */
const OWN_COMMENT = 'runsheet: list operations';

/**
 * Active operations through the `$currentOp` aggregation stage (the `currentOp` command is
 * deprecated since MongoDB 6.2), longest-running first.
 */
export async function listOperations(
  session: MongoSession,
  match: Document,
  limit: number,
): Promise<Operation[]> {
  if (session.server.product === 'FerretDB') {
    // Its `currentOp` command answers an empty list whatever runs, and it rejects the stage: an
    // empty answer would read as "nothing is running", so say plainly that it cannot tell.
    throw session.notSupported(
      '$currentOp',
      'FerretDB does not track operations in progress (its currentOp command always answers an empty list).',
    );
  }
  const answer = await session.command(
    'admin',
    {
      aggregate: 1,
      pipeline: [
        { $currentOp: { allUsers: true, idleConnections: false, idleSessions: false } },
        { $match: { active: true, 'command.comment': { $ne: OWN_COMMENT }, ...match } },
        { $sort: { microsecs_running: -1 } },
        { $limit: limit },
      ],
      cursor: { batchSize: limit },
      comment: OWN_COMMENT,
      maxTimeMS: session.maxTimeMS,
    },
    '$currentOp',
  );
  const batch = (answer['cursor'] as { firstBatch?: Document[] } | undefined)?.firstBatch ?? [];
  return batch.map(toOperation);
}

function toOperation(doc: Document): Operation {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const opid = doc['opid'];
  return {
    opid: typeof opid === 'string' ? opid : (numberOrNull(opid) ?? -1),
    op: text(doc['op']),
    ns: text(doc['ns']),
    runningMs: microsToMillis(doc['microsecs_running']),
    client: text(doc['client']) ?? text(doc['client_s']),
    appName: text(doc['appName']),
    connection: text(doc['desc']),
    planSummary: text(doc['planSummary']),
    waitingForLock: doc['waitingForLock'] === true,
    killPending: doc['killPending'] === true,
    command: commandShape(doc['op'] === 'getmore' ? doc['originatingCommand'] : doc['command']),
  };
}

/** Escapes a validated name for use in a `$regex`. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
