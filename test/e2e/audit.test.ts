import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { orderWorkflowId } from '../../sandbox/shared.ts';
import { browserSite } from '../support/browser-site.ts';
import { artifactPath } from '../support/browser.ts';

const e2e = browserSite(() => ({ RUNSHEET_LOCAL_USER: 'grace@example.com' }));

describe('the audit page', () => {
  it('shows the runs made from a runbook, exports them, checks the chain and opens an incident', async () => {
    const { orderId } = await e2e.wms.stuckOrder();
    const page = await e2e.browser.newPage({ acceptDownloads: true });
    await page.goto(`${e2e.site.url}/runbooks/stuck-workflow-recovery/?orderId=${orderId}`);
    const step = page.locator('runsheet-run').first();
    await expect.poll(() => step.getAttribute('data-state')).toBe('ready');
    await step.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => step.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');

    await page.goto(`${e2e.site.url}/audit/`);
    const row = page.locator('tr', { hasText: orderWorkflowId(orderId) });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.innerText()).toContain('grace@example.com');
    expect(await row.innerText()).toContain('succeeded');

    await page.getByLabel('Outcome').selectOption('failed');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => row.count()).toBe(0);
    await page.getByLabel('Outcome').selectOption('');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => row.count()).toBe(1);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = readFileSync((await (await download).path())!, 'utf8');
    expect(csv.split('\n')[0]).toBe(
      'started,actor,environment,action,target,risk,outcome,durationMs,reason,incident,page,step,error,runId,requestId',
    );
    expect(csv).toContain(
      `grace@example.com,production,temporal.workflow.describe,${orderWorkflowId(orderId)},read,succeeded`,
    );

    await page.getByRole('button', { name: 'Check the chain' }).click();
    await expect
      .poll(() => page.locator('[data-verified]').textContent())
      // The server published its head at start-up: verify checks the trail reaches it.
      .toMatch(
        /^Chain intact: \d+ records\. Checked against the head published at \S+ \(record \d+\)\.$/,
      );

    await page.getByLabel('Title').fill('Orders stuck waiting for waves');
    await page.getByLabel('Severity').selectOption('P1');
    await page.getByRole('button', { name: 'Open incident' }).click();
    await expect
      .poll(() => page.locator('[data-incidents]').innerText())
      .toContain('(P1) Orders stuck waiting for waves');
    await page.screenshot({ path: artifactPath('audit-page'), fullPage: true });
    await page.close();
  });
});
