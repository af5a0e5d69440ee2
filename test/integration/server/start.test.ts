import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { loadStepManifest } from '../../../server/steps/declared-steps.ts';
import { temporalCli } from '../../stack/servers.ts';
import { startMain } from '../../support/main-process.ts';
import { sandboxReady, sandboxSettled } from '../../support/sandbox.ts';

const describeOrder = (url: string) =>
  fetch(`${url}/api/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      action: 'temporal.workflow.describe',
      input: { workflowId: 'order-fulfillment-ORD-12345' },
    }),
  });

describe('npm start with no Temporal configured', () => {
  it('runs the sandbox: a dev server, the demo worker and the seed incidents', async () => {
    const runsheet = await startMain({
      RUNSHEET_SANDBOX: 'temporal',
      RUNSHEET_SANDBOX_TEMPORAL_CLI: await temporalCli(),
      RUNSHEET_LOG_LEVEL: 'info',
    });
    try {
      // The site serves at once; Temporal joins when the sandbox has started it.
      await sandboxReady(runsheet.url, ['temporal']);
      const ready = (await (await fetch(`${runsheet.url}/api/ready`)).json()) as { ready: boolean };
      expect(ready.ready).toBe(true);
      const response = await describeOrder(runsheet.url);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        result: { status: 'RUNNING', taskQueue: 'orchestrator-queue' },
      });
    } finally {
      await runsheet.stop();
    }
  });

  it('with RUNSHEET_SANDBOX=off serves the site and says no Temporal is configured', async () => {
    const runsheet = await startMain({
      RUNSHEET_SANDBOX: 'off',
      RUNSHEET_LOG_LEVEL: 'warn',
      RUNSHEET_STEPS: 'any',
    });
    try {
      const response = await describeOrder(runsheet.url);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'target_not_configured' } });
      expect((await fetch(`${runsheet.url}/runbooks/stuck-workflow-recovery/`)).status).toBe(200);
    } finally {
      await runsheet.stop();
    }
  });

  it('without the programs or Go still serves the site and says per target what to install', async () => {
    const home = mkdtempSync(join(tmpdir(), 'runsheet-home-'));
    const runsheet = await startMain({
      HOME: home,
      PATH: '/usr/bin:/bin',
      RUNSHEET_LOG_LEVEL: 'warn',
    });
    try {
      expect((await fetch(`${runsheet.url}/runbooks/stuck-workflow-recovery/`)).status).toBe(200);
      const targets = await sandboxSettled(runsheet.url);
      expect(targets.map((target) => [target.system, target.phase])).toEqual([
        ['temporal', 'failed'],
        ['kubernetes', 'failed'],
        ['mongo', 'failed'],
      ]);
      for (const target of targets) expect(target.fix).toContain('install Go');
      expect(targets[0]!.fix).toContain('temporal CLI');
      expect(targets[1]!.fix).toContain('RUNSHEET_KUBERNETES_BIN');
      expect(targets[2]!.fix).toContain('FERRETDB_BIN');
      expect(runsheet.output()).toContain('sandbox temporal: not started');
    } finally {
      await runsheet.stop();
    }
  });
});

describe('npm start against a configured Temporal', () => {
  it('runs only the steps of the built runbooks', async () => {
    const temporal = inject('temporal');
    const runsheet = await startMain({
      RUNSHEET_TEMPORAL_ADDRESS: temporal.address,
      RUNSHEET_LOG_LEVEL: 'info',
    });
    try {
      const response = await describeOrder(runsheet.url);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'step_not_declared' } });
      const manifest = loadStepManifest('dist')!;
      expect(runsheet.output()).toContain(`"runbooks":"${manifest.version.slice(0, 12)}"`);
      expect(runsheet.output()).toContain('"steps":"declared"');
    } finally {
      await runsheet.stop();
    }
  });
});

describe('start-up configuration errors', () => {
  it('stops with a message naming the bad key', async () => {
    await expect(startMain({ RUNSHEET_PORTT: '1' })).rejects.toThrow(
      /Unknown setting RUNSHEET_PORTT/,
    );
  });
});
