import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { criLog } from '../../sandbox/kubernetes/fixture-logs.ts';
import { artifactPath } from '../support/browser.ts';
import { kubernetesBrowserSite } from '../support/browser-kubernetes.ts';
import { addStep, runStep } from '../support/run-step.ts';

const PAGE = '/runbooks/stuck-workflow-recovery/';

const world = kubernetesBrowserSite('wms-views');

async function openRunbook(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await world.browser.newPage({ colorScheme, acceptDownloads: true });
  await page.goto(`${world.site.url}${PAGE}`);
  return page;
}

/** Appends lines to the worker pods' log, as the running containers would write them. */
function workerWrites(...lines: string[]) {
  const now = Date.now();
  appendFileSync(
    join(world.fixtures.logDir, 'orchestrator-worker.log'),
    criLog(lines, now, now + 1),
  );
}

describe('Kubernetes output views of a Run block', () => {
  it('lists pods in a table that sorts by keyboard (dark theme)', async () => {
    const page = await openRunbook('dark');
    const step = await addStep(page, {
      action: 'kubernetes.pods.list',
      label: 'Worker pods',
      args: {},
    });
    await runStep(step);

    const table = step.getByRole('table');
    const names = () => table.locator('tbody tr td:first-child').allInnerTexts();
    // As people read names: digits by value (pod-58dqz before pod-452kh), case aside.
    const reading = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    const ascending = [...(await names())].sort(reading.compare);
    expect(ascending.length).toBeGreaterThanOrEqual(5);
    const name = table.getByRole('columnheader', { name: 'Name' });
    await name.getByRole('button').focus();
    await page.keyboard.press('Enter');
    expect(await name.getAttribute('aria-sort')).toBe('ascending');
    expect(await names()).toEqual(ascending);
    await page.keyboard.press('Enter');
    expect(await name.getAttribute('aria-sort')).toBe('descending');
    expect(await names()).toEqual([...ascending].reverse());

    await step.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('view-pods-table-dark') });
    await page.close();
  });

  it('shows pod logs with a colour per pod and the grep matches highlighted', async () => {
    const page = await openRunbook();
    const step = await addStep(page, {
      action: 'kubernetes.pods.logs',
      label: 'Worker logs for ORD-12345',
      args: { selector: 'app=orchestrator-worker', grep: { pattern: 'ORD-12345', after: 1 } },
      // `kubectl logs … > /tmp/worker-logs.txt` in the runbook: the download is the text.
      download: 'worker-logs.txt',
    });
    await runStep(step);

    const viewer = step.getByRole('region', { name: 'Pod logs' });
    const pods = await viewer.getByRole('list', { name: 'Pods' }).locator('li').all();
    expect(pods).toHaveLength(2);
    expect(await pods[0]!.getAttribute('class')).toContain('rs-pod-0');
    expect(await pods[1]!.getAttribute('class')).toContain('rs-pod-1');
    const lines = viewer.getByRole('list', { name: 'Log lines' }).locator('li');
    expect(await lines.count()).toBeGreaterThan(4);
    // The step's grep marks come once the pattern engine, a chunk of its own, has loaded.
    const marks = () => viewer.locator('.rs-log mark').allInnerTexts();
    await expect.poll(marks).toContain('ORD-12345');
    expect(new Set(await marks())).toEqual(new Set(['ORD-12345']));
    expect(await viewer.locator('.rs-log-context').count()).toBeGreaterThan(0);

    await viewer.getByLabel('Highlight in the log').fill('retrying');
    expect(await viewer.locator('.rs-log mark', { hasText: 'retrying' }).count()).toBe(2);

    const download = page.waitForEvent('download');
    await step.getByRole('button', { name: 'Download' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('worker-logs.txt');
    const text = readFileSync((await file.path())!, 'utf8').split('\n');
    expect(text).toHaveLength(await lines.count());
    expect(text.filter((line) => line.includes('ORD-12345')).length).toBeGreaterThan(2);

    await step.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('view-pod-logs') });
    await page.close();
  });

  it("applies the seed's latency pipeline to the log lines", async () => {
    const page = await openRunbook();
    // The worker pods' names are generated: point the step at the first one.
    const pod = await page.evaluate(async () => {
      const response = await fetch('/api/runs', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          action: 'kubernetes.pods.list',
          input: { selector: 'app=orchestrator-worker' },
        }),
      });
      return ((await response.json()) as { result: { pods: { name: string }[] } }).result.pods[0]!
        .name;
    });
    const step = await addStep(page, {
      action: 'kubernetes.pods.logs',
      label: 'Activity latencies',
      // kubectl logs … | grep "Activity completed" | awk '{print $(NF-1), $NF}' | sort -k2 -n | tail -5
      args: { pod, grep: { pattern: 'Activity completed' } },
      filters: [
        { kind: 'fields', fields: ['$(NF-1)', '$NF'] },
        { kind: 'sort', key: 2, numeric: true, reverse: false },
        { kind: 'tail', lines: 5 },
      ],
    });
    await runStep(step);

    const lines = (await step.getByTestId('filtered-output').innerText()).split('\n');
    expect(lines).toHaveLength(5);
    const millis = lines.map((line) => {
      expect(line).toMatch(/^duration \d+ms$/);
      return Number.parseInt(line.split(' ')[1]!, 10);
    });
    expect(millis).toEqual([...millis].sort((a, b) => a - b));
    expect(millis.at(-1)).toBe(1840);

    await step.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('view-filtered-logs') });
    await page.close();
  });

  it('shows a finished rollout as a full bar with its verdict', async () => {
    const page = await openRunbook();
    const step = await addStep(page, {
      action: 'kubernetes.deployment.rolloutStatus',
      label: 'Monitor rollout',
      args: { name: 'orchestrator-worker', timeoutSeconds: 30 },
    });
    await runStep(step);
    const rollout = step.getByRole('region', { name: 'Rollout of orchestrator-worker' });
    expect(await rollout.innerText()).toContain(
      'deployment "orchestrator-worker" successfully rolled out',
    );
    expect(await rollout.locator('.rs-progress-figure').innerText()).toBe('2 of 2');
    expect(await rollout.locator('.rs-badge').innerText()).toMatch(/^complete$/i);
    await step.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('view-rollout') });
    await page.close();
  });

  it('follows new lines live, holds them while paused, and cancels by keyboard', async () => {
    const page = await openRunbook('dark');
    const step = await addStep(page, {
      action: 'kubernetes.pods.logs',
      label: 'Follow the workers',
      args: {
        selector: 'app=orchestrator-worker',
        tail: 0,
        follow: true,
        followSeconds: 120,
        grep: { pattern: 'shipped' },
      },
    });
    await page.waitForFunction(
      (element) => element?.getAttribute('data-state') === 'ready',
      await step.elementHandle(),
    );
    await step.getByRole('button', { name: 'Run' }).focus();
    await page.keyboard.press('Enter');
    expect(await step.getAttribute('data-state')).toBe('running');
    expect(await step.getByRole('status').textContent()).toMatch(/^Running…/);
    // Focus moves to Cancel, so the keyboard can stop the run at once.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Cancel');

    const viewer = step.getByRole('region', { name: 'Pod logs' });
    const lines = viewer.getByRole('list', { name: 'Log lines' }).locator('li');
    let paused: number;
    const writer = setInterval(() => workerWrites('order ORD-1 shipped', 'noise'), 500);
    try {
      await expect.poll(() => lines.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      await viewer.getByRole('button', { name: 'Pause' }).click();
      expect(
        await viewer.getByRole('button', { name: 'Follow' }).getAttribute('aria-pressed'),
      ).toBe('false');
      paused = await lines.count();
      await expect
        .poll(() => viewer.locator('.rs-toolbar').innerText(), { timeout: 10_000 })
        .toMatch(/new while paused/);
      expect(await lines.count()).toBe(paused);
      await step.scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('view-logs-follow-paused-dark') });
      await viewer.getByRole('button', { name: 'Follow' }).click();
      await expect.poll(() => lines.count()).toBeGreaterThan(paused);
    } finally {
      clearInterval(writer);
    }

    await step.getByRole('button', { name: 'Cancel' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => step.getAttribute('data-state')).toBe('failed');
    expect(await step.getByRole('status').textContent()).toBe('Cancelled.');
    // The lines that arrived before the cancel stay on screen.
    expect(await lines.count()).toBeGreaterThan(paused);
    expect(await step.getByRole('button', { name: 'Cancel' }).isHidden()).toBe(true);
    expect(await step.getByRole('button', { name: 'Run' }).isEnabled()).toBe(true);
    await page.screenshot({ path: artifactPath('view-cancelled-dark') });

    // The trail has the run, finished. (A follow ended early answers the lines it read, so the
    // backend records it as a run that succeeded rather than as cancelled.) The step is added by
    // the test, not one of the built runbooks, so the trail names no step: find it by its input.
    await expect
      .poll(
        async () => {
          const response = await fetch(`${world.site.url}/api/audit?action=kubernetes.pods.logs`);
          const { records } = (await response.json()) as {
            records: { kind: string; runId: string; input: unknown; outcome: string | null }[];
          };
          const followed = new Set(
            records
              .filter((record) => (record.input as { follow?: boolean } | null)?.follow === true)
              .map((record) => record.runId),
          );
          return records
            .filter((record) => record.kind === 'finished' && followed.has(record.runId))
            .map((record) => record.outcome);
        },
        { timeout: 10_000 },
      )
      .toEqual([expect.stringMatching(/^(cancelled|succeeded)$/)]);
    await page.close();
  });
});
