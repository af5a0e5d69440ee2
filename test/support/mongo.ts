import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { Config } from '../../server/config.ts';
import { testClient } from '../stack/mongo.ts';
import { taskRoutes, WES_DB } from '../../sandbox/mongo/wes-db.ts';
import { testApp } from './app.ts';

/** The server test/stack started (FerretDB), or the one MONGODB_URI names. */
export const mongo = inject('mongo');
export const onFerretDb = mongo.product === 'FerretDB';

/** The mongo settings that reach the test server, as an operator would write them. */
export function mongoSettings(overrides: Partial<Config['mongo']> = {}): Partial<Config['mongo']> {
  return {
    uri: mongo.uri,
    ...(mongo.username ? { username: mongo.username } : {}),
    ...(mongo.password ? { password: mongo.password } : {}),
    authSource: mongo.authSource,
    ...overrides,
  };
}

/** A Runsheet app whose mongo target is the test server. */
export function mongoApp(overrides: Partial<Config['mongo']> = {}) {
  return testApp({ mongo: mongoSettings(overrides) });
}

/** A direct driver client for arranging a test (never for what Runsheet itself does). */
export function directClient() {
  return testClient(mongo);
}

/**
 * A new collection in wes_db with `count` task routes, for tests that change indexes: the shared
 * wes_db.task_routes stays as seeded for the tests that read it. Dropped by the returned function.
 */
export async function scratchCollection(prefix: string, count = 500) {
  const name = `${prefix}_${randomUUID().slice(0, 8)}`;
  const client = directClient();
  await client.db(WES_DB).collection(name).insertMany(taskRoutes(count));
  return {
    name,
    client,
    async drop() {
      await client
        .db(WES_DB)
        .collection(name)
        .drop()
        .catch(() => undefined);
      await client.close();
    },
  };
}

/**
 * Starts a query that runs for about `seconds` on a real MongoDB (server-side JavaScript `sleep`
 * in a `$where`), from a client named `appName`, for the currentOp and killOp tests.
 */
export async function startSlowQuery(seconds: number, appName: string) {
  const scratch = await scratchCollection('slow', 1);
  const client = testClient(mongo, { appName });
  const query = client
    .db(WES_DB)
    .collection(scratch.name)
    .find({ $where: `sleep(${seconds * 1000}) || true`, status: 'PENDING' })
    .toArray()
    .then(
      () => 'finished' as const,
      (error: unknown) => error,
    );
  return {
    namespace: `${WES_DB}.${scratch.name}`,
    collection: scratch.name,
    /** Resolves with 'finished', or the error the query ended with (e.g. killed). */
    query,
    async stop() {
      await client.close();
      await scratch.drop();
    },
  };
}
