import { afterAll, describe, expect, it } from 'vitest';
import type { ServerStatus } from '../../../../../server/actions/mongo/server-status.ts';
import { mongo, mongoApp, onFerretDb } from '../../../../support/mongo.ts';

const runsheet = mongoApp();
afterAll(() => runsheet.close());
const serverStatus = () => runsheet.run<ServerStatus>({ action: 'mongo.serverStatus', input: {} });

describe('mongo.serverStatus', () => {
  it.runIf(onFerretDb)(
    'says FerretDB cannot tell connection use, naming the server and version',
    async () => {
      const { status, body } = await serverStatus();
      expect(status).toBe(501);
      expect(body.error).toEqual({
        code: 'not_supported',
        message: `serverStatus is not supported by FerretDB ${mongo.version} at ${mongo.address}: its answer has no connections or opcounters section, so connection use cannot be read from it.`,
        hint: expect.stringContaining('run it against MongoDB itself'),
      });
    },
  );

  it.runIf(!onFerretDb)('reports connections, operation counters and uptime', async () => {
    const { status, body } = await serverStatus();
    expect(status).toBe(200);
    const { connections, opcounters, uptimeSeconds, server } = body.result!;
    expect(server).toBe(`MongoDB ${mongo.version}`);
    expect(connections.current).toBeGreaterThanOrEqual(1);
    expect(connections.available).toBeGreaterThan(0);
    expect(connections.totalCreated).toBeGreaterThanOrEqual(connections.current!);
    expect(connections.usedPercent).toBeGreaterThan(0);
    expect(opcounters.command).toBeGreaterThan(0);
    expect(opcounters.insert).toBeGreaterThan(0); // the fixture was inserted
    expect(uptimeSeconds).toBeGreaterThan(0);
  });
});
