import { readFileSync } from 'node:fs';
import { WorkflowFailedError } from '@temporalio/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { orderWorkflowId } from '../../sandbox/shared.ts';
import { artifactPath, launchBrowserBeside } from '../support/browser.ts';
import { startMain } from '../support/main-process.ts';
import { addStep, runStep } from '../support/run-step.ts';
import { startWms, type Wms } from '../support/wms.ts';

const PAGE = '/runbooks/stuck-workflow-recovery/';
const temporal = inject('temporal');

let browser: Browser;
let context: BrowserContext;
let wms: Wms;
let site: Awaited<ReturnType<typeof startMain>>;
let failedOrderId: string;
let stuckOrderId: string;
let ordersQuery: string;

beforeAll(async () => {
  browser = await launchBrowserBeside(async () => {
    wms = await startWms(temporal);
    ordersQuery = `TaskQueue="${wms.taskQueue}" AND WorkflowType="OrderFulfillmentWorkflow"`;
    // Completed orders whose waves came after different waits, one failed order, one stuck order.
    const completed = await Promise.all(
      [0, 300, 600, 900, 1500].map(async (waitMs) => {
        const orderId = wms.newOrderId();
        const handle = await wms.startOrder(orderId);
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        await wms.assignWave(orderId);
        return handle.result();
      }),
    );
    expect(completed).toHaveLength(5);
    failedOrderId = wms.newOrderId();
    const failed = await wms.startOrder(failedOrderId, 'SKU-OUT-OF-STOCK');
    await wms.assignWave(failedOrderId);
    await expect(failed.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    stuckOrderId = (await wms.stuckOrder()).orderId;
    // Visibility catches up a moment after the workflows close.
    await vi.waitFor(
      async () => expect((await wms.client.workflow.count(ordersQuery)).count).toBe(7),
      { timeout: 15_000 },
    );
    site = await startMain({
      RUNSHEET_TEMPORAL_ADDRESS: temporal.address,
      RUNSHEET_SITE_DIR: 'dist',
      RUNSHEET_LOG_LEVEL: 'warn',
      // The tests add steps no shipped page has (test/support/run-step.ts): ad-hoc runs.
      RUNSHEET_STEPS: 'any',
    });
  });
  context = await browser.newContext({
    permissions: ['clipboard-read', 'clipboard-write'],
    acceptDownloads: true,
  });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await site?.stop();
  await wms?.close();
});

async function openRunbook(query = ''): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${site.url}${PAGE}${query}`);
  return page;
}

describe('output views of a Run block', () => {
  it('shows a workflow history as a timeline, failures marked, details unfolding by keyboard', async () => {
    const page = await openRunbook();
    const step = await addStep(page, {
      action: 'temporal.workflow.history',
      label: 'Failed order history',
      args: { workflowId: orderWorkflowId(failedOrderId) },
    });
    await runStep(step);

    const events = step.locator('.rs-timeline > li');
    expect(await events.count()).toBeGreaterThan(5);
    expect(await events.first().getAttribute('data-event')).toBe('WorkflowExecutionStarted');
    const failures = step.locator('.rs-event-failed');
    expect(
      await failures.evaluateAll((items) => items.map((item) => item.dataset['event'])),
    ).toEqual(expect.arrayContaining(['ActivityTaskFailed', 'WorkflowExecutionFailed']));
    const failure = step.locator('.rs-event-failed[data-event="ActivityTaskFailed"]').first();
    const details = failure.locator('details').first();
    expect(await details.getAttribute('open')).toBeNull();
    await details.locator('summary').first().focus();
    await page.keyboard.press('Enter');
    expect(await details.getAttribute('open')).toBe('');
    expect(await failure.getByRole('group').first().innerText()).toContain(
      'Not enough stock for 2 × SKU-OUT-OF-STOCK',
    );

    await step.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('view-history-timeline') });
    await page.close();
  });

  it('lists workflows in a table that sorts by click and by keyboard, with the completion-time chart', async () => {
    const page = await openRunbook();
    const step = await addStep(page, {
      action: 'temporal.workflow.list',
      label: 'Check workflow completion times',
      args: { query: ordersQuery, limit: 50 },
    });
    await runStep(step);

    const chart = step.getByRole('img');
    expect(await chart.getAttribute('aria-label')).toMatch(
      /^Completion times of 6 closed workflows: median [\d.]+ s, 95th percentile [\d.]+ s/,
    );
    expect(await step.locator('.rs-chart-bar').count()).toBeGreaterThan(1);

    const table = step.getByRole('table');
    const took = table.getByRole('columnheader', { name: 'Took (s)' });
    const column = async () =>
      (await table.locator('tbody tr td:nth-child(6)').allInnerTexts()).map((text) =>
        text === '—' ? null : Number(text),
      );
    await took.getByRole('button').click();
    expect(await took.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await column();
    const closed = ascending.filter((value): value is number => value !== null);
    expect(closed).toHaveLength(6);
    expect(closed).toEqual([...closed].sort((a, b) => a - b));
    expect(ascending.at(-1)).toBeNull();

    await took.getByRole('button').focus();
    await page.keyboard.press('Enter');
    expect(await took.getAttribute('aria-sort')).toBe('descending');
    expect((await column()).slice(0, 6)).toEqual([...closed].reverse());
    await page.keyboard.press('Space');
    expect(await took.getAttribute('aria-sort')).toBe('ascending');
    const status = table.getByRole('columnheader', { name: 'Status' });
    await status.getByRole('button').click();
    expect(await status.getAttribute('aria-sort')).toBe('ascending');
    expect(await took.getAttribute('aria-sort')).toBeNull();

    await step.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('view-table-and-chart'), fullPage: false });
    await page.close();
  });

  it("applies the step's CLI filters to its output, matches highlighted, the full view beside", async () => {
    const page = await openRunbook();
    const step = await addStep(page, {
      action: 'temporal.workflow.list',
      label: 'Completed or failed orders',
      args: { query: ordersQuery, limit: 50 },
      // temporal workflow list … | grep -E "Completed|Failed" | head -3
      filters: [
        {
          kind: 'grep',
          pattern: 'Completed|Failed',
          ignoreCase: false,
          invert: false,
          after: 0,
          before: 0,
        },
        { kind: 'head', lines: 3 },
      ],
    });
    await runStep(step);

    const output = step.getByTestId('filtered-output');
    const lines = (await output.innerText()).split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^(Completed|Failed) {2}order-fulfillment-ORD-/);
    expect(await output.locator('mark').allInnerTexts()).toEqual(
      lines.map((line) => line.split(' ')[0]),
    );
    const full = step.locator('details.rs-structured');
    await full.locator('summary').click();
    expect(await full.getByRole('table').locator('tbody tr').count()).toBe(7);

    await step.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('view-filtered-output') });
    await page.close();
  });

  it('shows a result with no view of its own as a JSON tree that folds by keyboard', async () => {
    const page = await openRunbook();
    const step = await addStep(page, {
      action: 'temporal.workflow.query',
      label: 'Planning status',
      args: { workflowId: `planning-${stuckOrderId}`, queryType: 'getStatus' },
    });
    await runStep(step);

    const tree = step.getByRole('group', { name: 'Result', exact: true });
    const root = tree.locator('details').first();
    expect(await root.getAttribute('open')).toBe('');
    expect(await tree.innerText()).toContain(`planning-${stuckOrderId}`);
    await root.locator('summary').first().focus();
    await page.keyboard.press('Enter');
    expect(await root.getAttribute('open')).toBeNull();
    await page.keyboard.press('Space');
    expect(await root.getAttribute('open')).toBe('');

    await step.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('view-json-tree') });
    await page.close();
  });

  it('fills a progress bar while a batch runs, then lists each item', async () => {
    const page = await openRunbook();
    const step = await addStep(page, {
      action: 'temporal.workflow.historyScan',
      label: 'Scan history sizes',
      args: {
        workflowType: 'OrderFulfillmentWorkflow',
        query: `TaskQueue="${wms.taskQueue}"`,
        threshold: 1,
        concurrency: 1,
      },
    });
    // Records every figure the bar showed while the run went.
    await step.evaluate((element) => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => {
        const bar = element.querySelector<HTMLElement>('.rs-progress-card[data-done]');
        if (bar) seen.push(`${bar.dataset['done']}/${bar.dataset['total']}`);
      }).observe(element, { subtree: true, childList: true, attributes: true });
    });
    await runStep(step);

    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe('1/1');
    const result = step.getByRole('region', { name: 'History scan' });
    expect(await result.locator('progress').getAttribute('aria-label')).toBe('Workflows scanned');
    expect(await result.innerText()).toContain('1 of 1 running OrderFulfillmentWorkflow workflows');
    expect(await result.getByRole('table').first().innerText()).toContain(
      orderWorkflowId(stuckOrderId),
    );

    await step.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('view-progress') });
    await page.close();
  });

  it('copies the CLI line and a link with the parameters, downloads the result and opens its audit record', async () => {
    const page = await openRunbook(`?orderId=${stuckOrderId}`);
    // The seed writes `temporal workflow show` (the history) where this step describes: the copy is
    // a line that does what the step did, with the page's parameter filled in.
    const step = page.locator('runsheet-run[data-action="temporal.workflow.describe"]').first();
    expect(await step.getAttribute('data-command')).toBe(
      'temporal workflow show --workflow-id order-fulfillment-<order-id>',
    );
    await runStep(step);
    const actions = step.getByRole('group', { name: 'Result actions' });

    await actions.getByRole('button', { name: 'Copy as CLI command' }).click();
    await expect.poll(() => actions.locator('[data-note]').textContent()).toBe('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      `temporal workflow describe --workflow-id order-fulfillment-${stuckOrderId}`,
    );

    await actions.getByRole('button', { name: 'Copy link with these parameters' }).click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const id = await step.getAttribute('id');
    // The build's id: the label's slug and a fingerprint of the step.
    expect(id).toMatch(/^step-[a-z0-9-]+-[0-9a-f]{6}$/);
    expect(link).toBe(`${site.url}${PAGE}?orderId=${stuckOrderId}#${id}`);

    const download = page.waitForEvent('download');
    await actions.getByRole('button', { name: 'Download' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`${id}.json`);
    expect(JSON.parse(readFileSync((await file.path())!, 'utf8'))).toMatchObject({
      workflowId: orderWorkflowId(stuckOrderId),
      status: 'RUNNING',
    });
    await step.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('view-result-actions') });

    // A step the build gave no CLI line has no copy button.
    const other = await addStep(page, {
      action: 'temporal.workflow.count',
      label: 'Count orders',
      args: { query: ordersQuery },
    });
    await runStep(other);
    expect(
      await other.getByRole('button', { name: 'Copy link with these parameters' }).count(),
    ).toBe(1);
    expect(await other.getByRole('button', { name: 'Copy as CLI command' }).count()).toBe(0);

    // The link opens the page filled in, at the step.
    const shared = await context.newPage();
    await shared.goto(link);
    expect(await shared.getByLabel('Order ID').inputValue()).toBe(stuckOrderId);
    await expect.poll(() => shared.locator(`#${id}`).isVisible()).toBe(true);
    await shared.close();

    await actions.getByRole('link', { name: 'Open audit record' }).click();
    await page.waitForURL(/\/audit\/\?runId=/);
    const rows = page.locator('[data-runs] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    expect(await rows.innerText()).toContain('temporal.workflow.describe');
    expect(await rows.locator('details').getAttribute('open')).toBe('');
    await page.close();
  });

  it('terminates a batch after the typed count and a reason, the bar moving as it goes (dark theme)', async () => {
    const stuck = await Promise.all(Array.from({ length: 8 }, () => wms.stuckOrder()));
    const query = `TaskQueue="${wms.taskQueue}" AND WorkflowType="PlanningWorkflow"`;
    await vi.waitFor(
      async () =>
        expect(
          (await wms.client.workflow.count(`${query} AND ExecutionStatus="Running"`)).count,
        ).toBe(9),
      { timeout: 15_000 },
    );
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${site.url}${PAGE}`);
    const step = await addStep(page, {
      action: 'temporal.batch.terminate',
      label: 'Terminate the stuck planning workflows',
      risk: 'destructive',
      args: { query, concurrency: 1 },
    });
    await step.evaluate((element) => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      // On a loaded machine two progress events can arrive in one chunk and be applied in one
      // task, so the observer runs once for both: each change's figure is the next change's
      // oldValue, and the last one's is the attribute now.
      new MutationObserver((records) => {
        records.forEach((record, index) => {
          const card = record.target as HTMLElement;
          const next = records.slice(index + 1).find((later) => later.target === card);
          const figure = `${next ? next.oldValue : card.dataset['done']}/${card.dataset['total']}`;
          if (seen.at(-1) !== figure) seen.push(figure);
        });
      }).observe(element, {
        subtree: true,
        attributeFilter: ['data-done'],
        attributeOldValue: true,
      });
    });
    await page.waitForFunction(
      (element) => element?.getAttribute('data-state') === 'ready',
      await step.elementHandle(),
    );
    await step.getByRole('button', { name: 'Run' }).click();
    const confirm = step.getByRole('form', { name: 'Confirm this step' });
    await confirm.getByLabel('Type 9 to confirm').fill('9');
    await confirm.getByLabel('Reason').fill('INC-789: planning stuck after the WES deploy');
    await confirm.getByRole('button', { name: 'Confirm and run' }).click();
    await expect.poll(() => step.getAttribute('data-state'), { timeout: 20_000 }).toBe('done');

    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen[0]).toBe('1/9');
    expect(seen.at(-1)).toBe('9/9');
    const result = step.getByRole('region', { name: 'Batch results' });
    expect(await result.innerText()).toContain('9 terminated, 0 failed, 0 not attempted, of 9');
    expect(await result.getByRole('table').locator('tbody tr').count()).toBe(9);
    expect(await result.locator('progress').evaluate((bar: HTMLProgressElement) => bar.value)).toBe(
      9,
    );
    for (const { handle } of stuck) {
      await vi.waitFor(async () =>
        expect((await handle.describe()).status.name).not.toBe('RUNNING'),
      );
    }

    await step.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('view-batch-progress-dark') });
    await page.close();
  });
});
