import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, retryOnPortClash } from '../../../sandbox/processes.ts';

/** Listens on `port` like a server would, failing as Node does when the port is taken. */
function listenOn(port: number) {
  return new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('retryOnPortClash', () => {
  it('starts again on new ports when the first port was taken in the meantime', async () => {
    const taken = await listenOn(await freePort());
    const takenPort = (taken.address() as { port: number }).port;
    const tried: number[] = [];
    const ports = [takenPort];
    try {
      const server = await retryOnPortClash(async () => {
        const port = ports.shift() ?? (await freePort());
        tried.push(port);
        return listenOn(port);
      });
      expect(tried).toHaveLength(2);
      expect(tried[0]).toBe(takenPort);
      server.close();
    } finally {
      taken.close();
    }
  });

  it('does not retry other failures', async () => {
    let attempts = 0;
    await expect(
      retryOnPortClash(() => {
        attempts++;
        return Promise.reject(new Error('ferretdb exited: bad flag --sqlite-url'));
      }),
    ).rejects.toThrow('bad flag');
    expect(attempts).toBe(1);
  });

  it('gives up after three clashes and keeps the last error', async () => {
    let attempts = 0;
    await expect(
      retryOnPortClash(() => {
        attempts++;
        return Promise.reject(new Error(`bind: address already in use (attempt ${attempts})`));
      }),
    ).rejects.toThrow('attempt 3');
    expect(attempts).toBe(3);
  });
});
