import { afterAll, describe, expect, it } from 'vitest';
import type { PingResult } from '../../../../../server/actions/mongo/ping.ts';
import { mongo, mongoApp } from '../../../../support/mongo.ts';

const runsheet = mongoApp();
afterAll(() => runsheet.close());

describe('mongo.ping', () => {
  it('answers with the round trip and which server answers', async () => {
    const { status, body } = await runsheet.run<PingResult>({ action: 'mongo.ping', input: {} });

    expect(status).toBe(200);
    expect(body.result).toEqual({
      address: mongo.address,
      server: {
        product: mongo.product,
        version: mongo.version,
        compatibleVersion:
          mongo.product === 'FerretDB' ? expect.stringMatching(/^\d+\.\d+\.\d+$/) : null,
      },
      latencyMs: expect.any(Number),
    });
    expect(body.result!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses input it does not take', async () => {
    const { status, body } = await runsheet.run({ action: 'mongo.ping', input: { host: 'x' } });
    expect(status).toBe(400);
    expect(body.error?.message).toBe('Invalid input for mongo.ping: Unrecognized key: "host"');
  });
});
