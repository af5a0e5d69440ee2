import type { DrillAttempt, DrillReport } from '../../server/drills/attempts.ts';
import type { ErrorBody } from '../../server/errors.ts';
import { afterAll, beforeAll, inject } from 'vitest';
import { testApp } from './app.ts';
import { startWms, type Wms } from './wms.ts';

type Runsheet = ReturnType<typeof testApp>;

/** Drives the drill API of a test app as the /drills page does. */
export function drillClient(runsheet: Runsheet) {
  const call = async <T>(path: string, method = 'GET') => {
    const response = await runsheet.app.request(`/api${path}`, {
      method,
      ...(method === 'POST' && { headers: { 'content-type': 'application/json' }, body: '{}' }),
    });
    return { status: response.status, body: (await response.json()) as T & Partial<ErrorBody> };
  };
  return {
    start: (drill: string) => call<DrillAttempt>(`/drills/${drill}/start`, 'POST'),
    check: (id: string) => call<DrillAttempt>(`/drills/attempts/${id}/check`, 'POST'),
    report: (id: string) => call<DrillReport>(`/drills/attempts/${id}`),
    /** Starts the drill and hands back the attempt, failing loudly when it did not start. */
    async begin(drill: string): Promise<DrillAttempt> {
      const { status, body } = await this.start(drill);
      if (status !== 201) throw new Error(`${drill} did not start: ${JSON.stringify(body)}`);
      return body;
    },
  };
}

/**
 * What a Temporal drill file runs against: a WMS worker on a task queue of its own and Runsheet on
 * the sandbox as a trainee, started before the file's tests and stopped after them.
 */
export function drillWorld() {
  const temporal = inject('temporal');
  const world = {} as { wms: Wms; runsheet: Runsheet; drills: ReturnType<typeof drillClient> };
  beforeAll(async () => {
    world.wms = await startWms(temporal);
    world.runsheet = testApp({
      temporal,
      environment: 'sandbox',
      sandbox: { taskQueue: world.wms.taskQueue },
      identity: { localUser: 'trainee@example.com' },
    });
    world.drills = drillClient(world.runsheet);
  });
  afterAll(async () => {
    await world.runsheet?.close();
    await world.wms?.close();
  });
  return world;
}
