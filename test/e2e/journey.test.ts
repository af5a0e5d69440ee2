import { describe, expect, it } from 'vitest';
import { orderWorkflowId, planningWorkflowId } from '../../sandbox/shared.ts';
import { browserSite } from '../support/browser-site.ts';
import { artifactPath } from '../support/browser.ts';

const e2e = browserSite(() => ({ RUNSHEET_LOCAL_USER: 'noor@example.com' }));

describe('a new on-call engineer, first incident', () => {
  it('finds the runbook by search, diagnoses the stuck order, sends the signal and finds the runs in the trail', async () => {
    const stuck = await e2e.wms.stuckOrder();
    const page = await e2e.browser.newPage();
    await page.goto(e2e.site.url);

    // Search, as Starlight offers it (Pagefind, built with the site).
    await page.getByRole('button', { name: 'Search' }).click();
    await page
      .getByRole('dialog')
      .getByRole('textbox', { name: 'Search' })
      .fill('workflow appears hung');
    const result = page.getByRole('dialog').getByRole('link', { name: 'Stuck Workflow Recovery' });
    await result.waitFor({ timeout: 15_000 });
    await result.click();
    await page.waitForURL(/\/runbooks\/stuck-workflow-recovery\//);

    await page.getByLabel('Order ID').fill(stuck.orderId);
    const diagnose = page.locator('runsheet-run').first();
    await expect.poll(() => diagnose.getAttribute('data-state')).toBe('ready');
    await diagnose.getByRole('button', { name: 'Run' }).click();
    await expect
      .poll(() => diagnose.getByTestId('workflow-status').textContent(), { timeout: 15_000 })
      .toBe('RUNNING');

    await page.getByLabel('Wave ID').fill('WAVE-042');
    await page.getByLabel('Scheduled start').fill('2026-01-04T10:00:00Z');
    const signal = page.locator('runsheet-run[data-action="temporal.workflow.signal"]');
    await signal.getByRole('button', { name: 'Run' }).click();
    const confirm = signal.getByRole('form', { name: 'Confirm this step' });
    await expect
      .poll(() => confirm.textContent(), { timeout: 15_000 })
      .toContain(`Send signal waveAssigned to ${planningWorkflowId(stuck.orderId)}`);
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => signal.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
    await expect(stuck.handle.result()).resolves.toMatchObject({ waveId: 'WAVE-042' });

    // The lead's view: both runs, by whom, from which page.
    await page.goto(`${e2e.site.url}/audit/`);
    const row = (action: string) =>
      page.locator('tr', { hasText: 'noor@example.com' }).filter({ hasText: action });
    // The signal's first call only fetched the preview to confirm: the trail shows it as refused.
    await expect
      .poll(() => row('temporal.workflow.signal').allInnerTexts(), { timeout: 10_000 })
      .toEqual([expect.stringContaining('succeeded'), expect.stringContaining('refused')]);
    expect(await row('temporal.workflow.describe').innerText()).toContain(
      orderWorkflowId(stuck.orderId),
    );
    expect(await row('temporal.workflow.describe').innerText()).toContain('succeeded');
    await page.screenshot({ path: artifactPath('journey-audit'), fullPage: true });
    await page.close();
  });
});
