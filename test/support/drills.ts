import type { DrillAttempt, DrillReport } from '../../server/drills/attempts.ts';
import type { ErrorBody } from '../../server/errors.ts';
import type { testApp } from './app.ts';

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
