import { z } from 'zod';
import type { MongoSession } from '../../targets/mongo.ts';
import { defineAction, type ActionContext } from '../define-action.ts';
import type { Preview } from '../types.ts';
import { opIdSchema } from './shared/names.ts';
import { listOperations, type Operation } from './shared/operations.ts';

const input = z.strictObject({ opid: opIdSchema });

/** Operations of MongoDB itself (replication, sessions, sharding): killing them is never a runbook step. */
const INTERNAL_NAMESPACE = /^(admin|local|config)\./;

async function findOperation(session: MongoSession, opid: number | string) {
  const [operation] = await listOperations(session, { opid }, 1);
  return operation;
}

async function preview(ctx: ActionContext, { opid }: z.output<typeof input>): Promise<Preview> {
  return ctx.targets.mongo.call(ctx, async (session) => {
    const operation = await findOperation(session, opid);
    if (!operation) {
      return {
        summary: `Kill operation ${opid}`,
        blocked: `Operation ${opid} is not running on ${session.server.label} (it may have finished): there is nothing to kill.`,
      };
    }
    const summary = `Kill operation ${opid} (${describe(operation)})`;
    if (operation.ns && INTERNAL_NAMESPACE.test(operation.ns)) {
      return {
        summary,
        affected: [operation],
        blocked: `Operation ${opid} works on ${operation.ns}, one of MongoDB's own namespaces: Runsheet does not kill MongoDB's internal operations.`,
      };
    }
    return {
      summary,
      affected: [operation],
      warnings: [
        'The operation stops at its next interrupt point. A multi-document write outside a transaction keeps what it already wrote.',
        'If the client retries, the operation comes back: fix its cause too (a missing index: mongo.createIndex).',
      ],
    };
  });
}

function describe(operation: Operation): string {
  const seconds =
    operation.runningMs === null ? 'unknown time' : `${Math.round(operation.runningMs / 1000)} s`;
  return [
    operation.op ?? 'operation',
    operation.ns ? `on ${operation.ns}` : null,
    `running ${seconds}`,
    operation.client ? `from ${operation.client}` : null,
  ]
    .filter(Boolean)
    .join(' ');
}

export default defineAction({
  id: 'mongo.killOp',
  title: 'Kill operation',
  summary:
    'Stops one running operation (by its opid from mongo.currentOp); the reason is recorded with the run.',
  risk: 'destructive',
  input,
  preview,
  run: (ctx, { opid }) =>
    ctx.targets.mongo.call(ctx, async (session) => {
      await session.command('admin', { killOp: 1, op: opid });
      const after = await findOperation(session, opid);
      return {
        opid,
        killed: true,
        // killOp only marks the operation; it leaves at its next interrupt point.
        stillRunning: Boolean(after && !after.killPending),
        killPending: after?.killPending ?? false,
      };
    }),
});
