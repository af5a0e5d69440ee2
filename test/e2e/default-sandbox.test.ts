import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_DIR, temporalCli } from '../stack/servers.ts';
import { artifactPath, launchBrowserBeside } from '../support/browser.ts';
import { startMain } from '../support/main-process.ts';
import { runStep } from '../support/run-step.ts';
import { sandboxReady } from '../support/sandbox.ts';

// `npm start` with nothing configured, as a newcomer runs it: one step of each system, clicked.
let browser: Browser;
let site: Awaited<ReturnType<typeof startMain>>;

beforeAll(async () => {
  browser = await launchBrowserBeside(async () => {
    site = await startMain({
      RUNSHEET_CACHE: CACHE_DIR,
      RUNSHEET_SANDBOX_TEMPORAL_CLI: await temporalCli(),
      RUNSHEET_SITE_DIR: 'dist',
      RUNSHEET_LOG_LEVEL: 'warn',
    });
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

async function clickFirst(path: string, action: string, shot: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${site.url}${path}`);
  const step = page.locator(`runsheet-run[data-action="${action}"]`).first();
  await runStep(step, 60_000);
  await page.screenshot({ path: artifactPath(shot) });
  return page;
}

describe('the default sandbox in a browser', () => {
  it('shows each target coming up in a banner, gone once all are ready', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/runbooks/worker-pod-issues/`);
    const banner = page.locator('runsheet-sandbox-banner');
    await sandboxReady(site.url, ['temporal', 'kubernetes', 'mongo']);
    await page.reload();
    await expect.poll(() => banner.isHidden(), { timeout: 10_000 }).toBe(true);
  });

  it('runs a Temporal, a Kubernetes and a MongoDB step of the seed runbooks', async () => {
    await sandboxReady(site.url, ['temporal', 'kubernetes', 'mongo']);
    const temporal = await clickFirst(
      '/runbooks/stuck-workflow-recovery/?orderId=ORD-12345',
      'temporal.workflow.describe',
      'default-sandbox-temporal',
    );
    expect(await temporal.locator('runsheet-run').first().textContent()).toContain('RUNNING');

    const kubernetes = await clickFirst(
      '/runbooks/worker-pod-issues/',
      'kubernetes.pods.list',
      'default-sandbox-kubernetes',
    );
    expect(
      await kubernetes
        .locator('runsheet-run[data-action="kubernetes.pods.list"]')
        .first()
        .textContent(),
    ).toContain('orchestrator-worker-');

    const mongo = await clickFirst(
      '/runbooks/database-connection-problems/',
      'mongo.listIndexes',
      'default-sandbox-mongo',
    );
    expect(
      await mongo.locator('runsheet-run[data-action="mongo.listIndexes"]').textContent(),
    ).toContain('routeId_1');
  });
});
