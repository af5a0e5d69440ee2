import { describe, expect, it } from 'vitest';
import { orderWorkflowId } from '../../sandbox/shared.ts';
import { browserSite } from '../support/browser-site.ts';
import { artifactPath } from '../support/browser.ts';

const e2e = browserSite((wms) => ({
  // Told it acts on a sandbox whose demo worker polls this file's queue: the test server's
  // Temporal is disposable, and said so by name, as a real target needs to be (issue 12).
  RUNSHEET_ENVIRONMENT: 'sandbox',
  RUNSHEET_SANDBOX_REAL_TARGETS: 'temporal',
  RUNSHEET_SANDBOX_TASK_QUEUE: wms.taskQueue,
}));

describe('the /drills page', () => {
  it('starts the stuck-workflow drill, follows it to the runbook, fixes it with the signal and checks it resolved', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.site.url}/drills/`);
    await page.getByRole('button', { name: 'Start Order stuck waiting for its wave' }).click();

    const attempt = page.getByRole('article', { name: /^Attempt DRILL-/ });
    await expect.poll(() => attempt.count(), { timeout: 20_000 }).toBe(1);
    const attemptId = (await attempt.getAttribute('aria-label'))!.replace('Attempt ', '');
    await page.screenshot({ path: artifactPath('drill-started') });

    await attempt.getByRole('link', { name: `Open the runbook for ${attemptId}` }).click();
    await page.waitForURL(/\/runbooks\/stuck-workflow-recovery\/\?orderId=ORD-/);
    const orderId = new URL(page.url()).searchParams.get('orderId')!;
    expect(await page.getByLabel('Wave ID').inputValue()).toMatch(/^WAVE-[0-9A-F]{8}$/);

    const step = page.locator('runsheet-run[data-action="temporal.workflow.signal"]');
    await expect.poll(() => step.getAttribute('data-state')).toBe('ready');
    await step.getByRole('button', { name: 'Run' }).click();
    const confirm = step.getByRole('form', { name: 'Confirm this step' });
    await expect
      .poll(() => confirm.textContent(), { timeout: 15_000 })
      .toContain(`Send signal waveAssigned to planning-${orderId}`);
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => step.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
    await e2e.wms.client.workflow.getHandle(orderWorkflowId(orderId)).result();

    await page.goto(`${e2e.site.url}/drills/`);
    await page.getByRole('button', { name: `Check ${attemptId}` }).click();
    const verdict = page.getByRole('article', { name: `Attempt ${attemptId}` }).getByRole('status');
    await expect
      .poll(() => verdict.textContent(), { timeout: 15_000 })
      .toContain(`Resolved ${orderWorkflowId(orderId)} completed`);
    expect(await verdict.textContent()).toContain('No mistakes.');

    const report = page.getByRole('article', { name: `Report of ${attemptId}` });
    await expect.poll(() => report.count(), { timeout: 15_000 }).toBe(1);
    expect(await report.innerText()).toContain('temporal.workflow.signal');
    await report.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('drill-resolved'), fullPage: true });

    await page.reload();
    const completed = page.getByRole('region', { name: /^Drills completed by / });
    await expect.poll(() => completed.count(), { timeout: 15_000 }).toBe(1);
    expect(await completed.innerText()).toContain('Order stuck waiting for its wave');
    await page.close();
  });
});
