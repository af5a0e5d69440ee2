import { existsSync } from 'node:fs';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orderWorkflowId } from '../../sandbox/shared.ts';
import { artifactPath, launchBrowserBeside } from '../support/browser.ts';
import { startMain } from '../support/main-process.ts';
import { listen } from '../support/serve.ts';
import { startWms, type Wms } from '../support/wms.ts';

const SITE = 'dist';
const PAGE = '/runbooks/stuck-workflow-recovery/';
const temporal = inject('temporal');

let browser: Browser;
let wms: Wms;
let orderId: string;
let site: Awaited<ReturnType<typeof startMain>>;

beforeAll(async () => {
  if (!existsSync(`${SITE}/index.html`))
    throw new Error('No built site in dist/: run `npm run build` first.');
  browser = await launchBrowserBeside(async () => {
    wms = await startWms(temporal);
    orderId = wms.newOrderId();
    await wms.startOrder(orderId);
    // The real entry point, as `npm start` runs it.
    site = await startMain({
      RUNSHEET_TEMPORAL_ADDRESS: temporal.address,
      RUNSHEET_SITE_DIR: SITE,
      RUNSHEET_LOG_LEVEL: 'warn',
    });
  });
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await wms?.close();
});

async function openRunbook(url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url + PAGE);
  return page;
}

describe('Stuck Workflow Recovery in a browser', () => {
  it('runs the first diagnosis step and shows the stuck order as running', async () => {
    const page = await openRunbook(site.url);
    const step = page.locator('runsheet-run').first();

    await page.getByLabel('Order ID').fill(orderId);
    await expect.poll(() => page.url()).toContain(`orderId=${orderId}`);
    await step.getByRole('button', { name: 'Run' }).click();

    await expect
      .poll(() => step.getByTestId('workflow-status').textContent(), { timeout: 15_000 })
      .toBe('RUNNING');
    const card = await step
      .getByRole('region', { name: `Workflow ${orderWorkflowId(orderId)}` })
      .innerText();
    expect(card).toContain('OrderFulfillmentWorkflow');
    expect(card).toContain(wms.taskQueue);
    expect(await step.getByRole('status').textContent()).toMatch(/^Done in/);
    await step.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('stuck-workflow-describe') });
    await page.close();
  });

  it('opens filled in from a shared link, and explains a wrong order ID', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}${PAGE}?orderId=ORD-NOPE`);
    const step = page.locator('runsheet-run').first();

    expect(await page.getByLabel('Order ID').inputValue()).toBe('ORD-NOPE');
    await step.getByRole('button', { name: 'Run' }).click();

    const alert = step.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toContain('was not found');
    expect(await alert.textContent()).toContain('Check the workflow ID');
    await page.close();
  });

  it('sends the missing signal once the preview is confirmed, and the order completes', async () => {
    const stuck = await wms.stuckOrder();
    const page = await browser.newPage();
    await page.goto(`${site.url}${PAGE}?orderId=${stuck.orderId}`);
    await page.getByLabel('Wave ID').fill('WAVE-001');
    await page.getByLabel('Scheduled start').fill('2026-01-04T10:00:00Z');
    const step = page.locator('runsheet-run[data-action="temporal.workflow.signal"]');
    await expect.poll(() => step.getAttribute('data-state')).toBe('ready');
    await step.getByRole('button', { name: 'Run' }).click();

    const confirm = step.getByRole('form', { name: 'Confirm this step' });
    await expect
      .poll(() => confirm.textContent(), { timeout: 15_000 })
      .toContain(
        `Send signal waveAssigned to planning-${stuck.orderId} (PlanningWorkflow, RUNNING)`,
      );
    await page.screenshot({ path: artifactPath('signal-confirm') });
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => step.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
    await expect(stuck.handle.result()).resolves.toMatchObject({
      orderId: stuck.orderId,
      waveId: 'WAVE-001',
    });
    await page.close();
  });

  it('terminates only after the workflow ID is typed and a reason given', async () => {
    const stuck = await wms.stuckOrder();
    const page = await browser.newPage();
    await page.goto(`${site.url}${PAGE}?orderId=${stuck.orderId}`);
    const step = page.locator('runsheet-run[data-action="temporal.workflow.terminate"]');
    await expect.poll(() => step.getAttribute('data-state')).toBe('ready');
    await step.getByRole('button', { name: 'Run' }).click();

    const confirm = step.getByRole('form', { name: 'Confirm this step' });
    const go = confirm.getByRole('button', { name: 'Confirm and run' });
    await expect.poll(() => go.isDisabled(), { timeout: 15_000 }).toBe(true);
    expect(await confirm.textContent()).toContain(
      'If the workflow handles cancellation, temporal.workflow.cancel lets it clean up.',
    );
    await confirm
      .getByLabel(`Type order-fulfillment-${stuck.orderId} to confirm`)
      .fill(`order-fulfillment-${stuck.orderId}`);
    expect(await go.isDisabled()).toBe(true);
    await confirm.getByLabel('Reason').fill('INC-456: stuck after the WES deploy');
    await go.click();
    await expect.poll(() => step.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
    const last = (await stuck.handle.fetchHistory()).events!.at(-1)!;
    expect(last.workflowExecutionTerminatedEventAttributes).toMatchObject({
      reason: 'INC-456: stuck after the WES deploy',
    });
    await page.close();
  });

  it('served as static files without a backend, disables Run and says why', async () => {
    const staticOnly = await listen(new Hono().use('*', serveStatic({ root: SITE })));
    try {
      const page = await openRunbook(staticOnly.url);
      const step = page.locator('runsheet-run').first();
      await expect.poll(() => step.getAttribute('data-state')).toBe('unavailable');
      expect(await step.getByRole('button', { name: 'Run' }).isDisabled()).toBe(true);
      expect(await step.getByRole('status').textContent()).toContain(
        'No Runsheet backend answers on this site',
      );
      await page.close();
    } finally {
      await staticOnly.close();
    }
  });

  it('behind a proxy while Runsheet restarts, says so, and enables Run once it answers', async () => {
    // A reverse proxy answers 502 while the backend behind it is down; the page is not reloaded.
    let backendDown = true;
    const proxy = await listen(
      new Hono()
        .get('/api/me', async (c) =>
          backendDown ? c.text('Bad Gateway', 502) : fetch(`${site.url}/api/me`),
        )
        .use('*', serveStatic({ root: SITE })),
    );
    try {
      const page = await openRunbook(proxy.url);
      const step = page.locator('runsheet-run').first();
      await expect.poll(() => step.getAttribute('data-state')).toBe('unavailable');
      expect(await step.getByRole('status').textContent()).toContain(
        'The Runsheet backend is not answering (it may be restarting)',
      );
      backendDown = false;
      await expect.poll(() => step.getAttribute('data-state'), { timeout: 15_000 }).toBe('ready');
      expect(await step.getByRole('button', { name: 'Run' }).isDisabled()).toBe(false);
      await page.close();
    } finally {
      await proxy.close();
    }
  });
});
