import type { TestProject } from 'vitest/node';
import { startTemporal } from './temporal.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    temporal: { address: string; namespace: string };
  }
}

/** Starts the real servers a test project needs, hands their addresses to the tests, stops them after. */
export default async function setup(project: TestProject) {
  const temporal = await startTemporal();
  project.provide('temporal', { address: temporal.address, namespace: temporal.namespace });
  return async function teardown() {
    await temporal.stop();
  };
}
