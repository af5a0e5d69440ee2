import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../support/app.ts';
import { mongoApp } from '../../../support/mongo.ts';
import { runStreaming } from '../../../support/sse.ts';

const reachable = mongoApp();
// Nothing listens on port 9: the run reaches the trail and fails in the action.
const unreachable = testApp({
  mongo: { uri: 'mongodb://127.0.0.1:9/', serverSelectionTimeoutMs: 300 },
});
afterAll(() => Promise.all([reachable.close(), unreachable.close()]));

/** What a run that reaches its action is timed in, in the order it goes through them. */
const EVERY_STAGE = ['incident', 'trail-started', 'gate', 'action', 'trail-finished', 'total'];

/** The Server-Timing header of POST /api/runs as stage → ms, in the order it names them. */
async function timings(app: ReturnType<typeof testApp>['app'], body: unknown) {
  const response = await app.request('/api/runs', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const header = response.headers.get('server-timing') ?? '';
  const stages = header
    .split(',')
    .filter(Boolean)
    .map((metric) => {
      const [name, duration] = metric.trim().split(';');
      expect(duration, metric).toMatch(/^dur=\d+\.\d+$/);
      return [name!, Number(duration!.slice('dur='.length))] as const;
    });
  return { status: response.status, stages: new Map(stages) };
}

describe("a run's Server-Timing header", () => {
  it('says how long each stage of a run took, within the total', async () => {
    const { status, stages } = await timings(reachable.app, { action: 'mongo.ping', input: {} });

    expect(status).toBe(200);
    expect([...stages.keys()]).toEqual(EVERY_STAGE);
    const { total, ...rest } = Object.fromEntries(stages);
    const staged = Object.values(rest).reduce((sum, ms) => sum + ms, 0);
    // Each figure is rounded to 0.01 ms.
    expect(staged).toBeLessThanOrEqual(total! + 0.05);
    expect(stages.get('action')).toBeGreaterThan(0);
  });

  it('times a run that fails in its action, through its "finished" record', async () => {
    const { status, stages } = await timings(unreachable.app, { action: 'mongo.ping', input: {} });

    expect(status).toBe(503);
    expect([...stages.keys()]).toEqual(EVERY_STAGE);
    // The action waited for the server until the selection timeout gave up.
    expect(stages.get('action')).toBeGreaterThanOrEqual(250);
  });

  it('has only the total for a request refused before the trail', async () => {
    const { status, stages } = await timings(reachable.app, {
      action: 'mongo.ping',
      input: { host: 'x' },
    });

    expect(status).toBe(400);
    expect([...stages.keys()]).toEqual(['total']);
  });

  it('is not sent with a streamed run, whose headers leave before the run has any', async () => {
    const response = await reachable.app.request('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ action: 'mongo.ping', input: {} }),
    });
    expect(response.headers.get('server-timing')).toBeNull();
    await response.text();
    // The run itself still streams its result.
    const events = await runStreaming(reachable.app, { action: 'mongo.ping', input: {} });
    expect(events.at(-1)?.event).toBe('result');
  });
});
