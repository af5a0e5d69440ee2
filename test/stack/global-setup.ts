import type { TestProject } from 'vitest/node';
import { startMongo, type TestMongo } from './mongo.ts';
import { startTemporal } from './servers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    temporal: { address: string; namespace: string };
    mongo: TestMongo;
  }
}

/** Starts the real servers a test project needs, hands their addresses to the tests, stops them after. */
export default async function setup(project: TestProject) {
  const [temporal, mongo] = await Promise.allSettled([startTemporal(), startMongo()]);
  if (temporal.status === 'rejected' || mongo.status === 'rejected') {
    await Promise.allSettled(
      [temporal, mongo].map((started) =>
        started.status === 'fulfilled' ? started.value.stop() : undefined,
      ),
    );
    throw temporal.status === 'rejected'
      ? temporal.reason
      : (mongo as PromiseRejectedResult).reason;
  }
  project.provide('temporal', {
    address: temporal.value.address,
    namespace: temporal.value.namespace,
  });
  project.provide('mongo', mongo.value.mongo);
  return async function teardown() {
    await Promise.allSettled([temporal.value.stop(), mongo.value.stop()]);
  };
}
