import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../sandbox/processes.ts';
import { noTargets } from './attack.ts';

/**
 * Local mode on a network interface (issue 12, medium 7): local mode makes whoever reaches the
 * port its admin, so `node server/main.ts` refuses to listen anywhere but loopback in it unless
 * told so in so many words (server.allowLocalModeOnNetwork). Refused before it listens, so these
 * runs never open a port.
 */
async function start(env: Record<string, string>) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('RUNSHEET_')),
  );
  const port = String(await freePort());
  return new Promise<{ status: number | null; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ['server/main.ts'],
      {
        env: {
          ...inherited,
          ...noTargets(mkdtempSync(join(tmpdir(), 'runsheet-home-'))),
          RUNSHEET_PORT: port,
          ...env,
        },
        // A server that started instead of refusing is stopped here, and fails the test below.
        timeout: 90_000,
      },
      (_error, _stdout, stderr) => resolve({ status: child.exitCode, stderr }),
    );
  });
}

describe('local mode bound off loopback', () => {
  for (const host of ['0.0.0.0', '::']) {
    it(`is refused on ${host}, saying what to do instead`, { timeout: 120_000 }, async () => {
      const { status, stderr } = await start({ RUNSHEET_HOST: host });
      expect(status).toBe(1);
      expect(stderr).toContain(`local mode makes whoever reaches ${host} an admin`);
      expect(stderr).toContain('RUNSHEET_ALLOW_LOCAL_MODE_ON_NETWORK=true');
    });
  }

  it('an opt-in that is not a clear yes is refused too', { timeout: 120_000 }, async () => {
    const { status, stderr } = await start({
      RUNSHEET_HOST: '0.0.0.0',
      RUNSHEET_ALLOW_LOCAL_MODE_ON_NETWORK: 'maybe',
    });
    expect(status).toBe(1);
    expect(stderr).toContain('allowLocalModeOnNetwork');
  });
});
