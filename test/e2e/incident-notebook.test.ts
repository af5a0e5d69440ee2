import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../server/audit/record.ts';
import type { AuditRecord } from '../../server/audit/record.ts';
import { browserSite } from '../support/browser-site.ts';
import { artifactPath } from '../support/browser.ts';

// Production, ad-hoc work allowed (policy.adhoc all): ana is an operator, ben and cy are admins.
const people = { ana: 'operator', ben: 'admin', cy: 'admin' } as const;
const e2e = browserSite(() => {
  const config = join(mkdtempSync(join(tmpdir(), 'runsheet-config-')), 'runsheet.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      environment: 'production',
      identity: {
        mode: 'token',
        tokens: Object.keys(people).map((name) => ({
          user: `${name}@example.com`,
          sha256: sha256(`${name}-token`),
        })),
        grants: Object.entries(people).map(([name, role]) => ({
          subject: `user:${name}@example.com`,
          role,
        })),
      },
      policy: { adhoc: 'all' },
    }),
  );
  return { RUNSHEET_CONFIG: config };
});

const api = async (who: keyof typeof people, path: string, body?: unknown) => {
  const response = await fetch(`${e2e.site.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${who}-token`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

async function pageAs(who: keyof typeof people, incidentId: string) {
  const context: BrowserContext = await e2e.browser.newContext({
    extraHTTPHeaders: { authorization: `Bearer ${who}-token` },
  });
  const page = await context.newPage();
  await page.goto(`${e2e.site.url}/incidents/${incidentId}/`);
  await expect
    .poll(() => page.locator('[data-here]').textContent())
    .toContain(`${who}@example.com`);
  return { context, page };
}

async function typeCell(page: Awaited<ReturnType<typeof pageAs>>['page'], line: string) {
  const form = page.getByRole('form', { name: 'Type a command' });
  await form.getByLabel('Command line').fill(line);
  await form.getByRole('button', { name: 'Show what it will run' }).click();
  const cell = page.locator('runsheet-run').last();
  await expect.poll(() => cell.getAttribute('data-line')).toBe(line);
  await expect.poll(() => cell.getAttribute('data-state')).toBe('ready');
  return cell;
}

describe('the incident notebook, two people on one incident', () => {
  it('shows cells and notes live, runs an ad-hoc read, holds an ad-hoc terminate for a second admin, and turns a cell into a runbook diff', async () => {
    const stuck = await e2e.wms.stuckOrder();
    const workflowId = `order-fulfillment-${stuck.orderId}`;
    const opened = await api('ana', '/api/incidents', { title: 'Orders stuck', severity: 'P1' });
    const incidentId = opened.body['id'] as string;
    const ana = await pageAs('ana', incidentId);
    const ben = await pageAs('ben', incidentId);
    await expect
      .poll(() => ana.page.locator('[data-here]').textContent())
      .toBe('Here now: ana@example.com, ben@example.com');

    // A note by ana appears on ben's page, rendered as Markdown, never as HTML.
    await ana.page.getByLabel('Note (Markdown)').fill('Orders **stuck** <b>since</b> the deploy');
    await ana.page.getByRole('button', { name: 'Add note' }).click();
    const note = ben.page.locator('[data-kind="note.added"]');
    await expect.poll(() => note.count(), { timeout: 15_000 }).toBe(1);
    expect(await note.locator('strong', { hasText: 'stuck' }).count()).toBe(1);
    expect(await note.locator('b').count()).toBe(0);
    expect(await note.textContent()).toContain('<b>since</b>');

    // An operator's ad-hoc read runs, shows the Run block's view, and is recorded as ad hoc.
    const line = `temporal workflow describe --workflow-id ${workflowId}`;
    const read = await typeCell(ana.page, line);
    await read.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => read.getAttribute('data-state'), { timeout: 20_000 }).toBe('done');
    const seen = ben.page.locator('[data-kind="finished"]', { hasText: line });
    await expect.poll(() => seen.count(), { timeout: 15_000 }).toBe(1);
    const records = (await api('ana', `/api/audit?incidentId=${incidentId}&limit=100`)).body[
      'records'
    ] as AuditRecord[];
    expect(
      records.find((record) => record.kind === 'finished' && record.line === line),
    ).toMatchObject({
      adhoc: true,
      actor: 'ana@example.com',
      outcome: 'succeeded',
      incidentId,
    });

    // An ad-hoc terminate waits for a second admin, then runs once with the approval.
    const terminate = await typeCell(
      ben.page,
      `temporal workflow terminate --workflow-id ${workflowId} --reason "stuck after the deploy"`,
    );
    await terminate.getByRole('button', { name: 'Run' }).click();
    const confirm = terminate.getByRole('form', { name: 'Confirm this step' });
    await confirm.getByLabel(`Type ${workflowId} to confirm`).fill(workflowId);
    await confirm.getByRole('button', { name: 'Confirm and run' }).click();
    const waiting = terminate.getByRole('group', { name: 'Waiting for approval' });
    await expect.poll(() => waiting.isVisible(), { timeout: 15_000 }).toBe(true);
    const approvalId = /APR-[0-9A-F]{8}/.exec((await waiting.textContent())!)![0];
    expect((await stuck.handle.describe()).status.name).toBe('RUNNING');
    const requested = ana.page.locator('[data-kind="approval.requested"]', { hasText: approvalId });
    await expect.poll(() => requested.count(), { timeout: 15_000 }).toBe(1);
    expect((await api('cy', `/api/approvals/${approvalId}/approve`, {})).status).toBe(200);
    await terminate.getByRole('button', { name: `Run with approval ${approvalId}` }).click();
    await expect.poll(() => terminate.getAttribute('data-state'), { timeout: 20_000 }).toBe('done');
    expect((await stuck.handle.describe()).status.name).toBe('TERMINATED');

    // "Add to runbook" on ana's read: the diff, applied to the page's source, builds and passes
    // runbooks:check with the new step runnable.
    const item = ana.page.locator('[data-kind="started"]', { hasText: line });
    await item.getByRole('button', { name: 'Add to runbook' }).click();
    await item
      .getByLabel('Runbook', { exact: true })
      .selectOption('runbooks/stuck-workflow-recovery');
    await item.getByLabel('Section').selectOption({ index: 0 });
    await item.getByRole('button', { name: 'Make the diff' }).click();
    const diff = item.getByLabel('Unified diff');
    await expect.poll(() => diff.count(), { timeout: 15_000 }).toBe(1);
    const patch = (await diff.textContent())!;
    expect(patch).toContain('+temporal workflow describe --workflow-id <workflow-id>');
    await ana.page.screenshot({ path: artifactPath('incident-notebook'), fullPage: true });
    await ana.context.close();
    await ben.context.close();

    const copy = mkdtempSync(join(tmpdir(), 'runsheet-promoted-'));
    for (const entry of [
      'src',
      'server',
      'sandbox',
      'astro.config.mjs',
      'package.json',
      'tsconfig.json',
      'test/fixtures',
    ]) {
      cpSync(entry, join(copy, entry), { recursive: true });
    }
    // Hard links: Astro refuses a symlinked node_modules, and a real copy would take minutes.
    execFileSync('cp', ['-al', resolve('node_modules'), join(copy, 'node_modules')]);
    writeFileSync(join(copy, 'change.diff'), patch);
    execFileSync('git', ['apply', 'change.diff'], { cwd: copy });
    execFileSync('npm', ['run', 'build'], { cwd: copy, stdio: 'ignore' });
    execFileSync('npm', ['run', 'runbooks:check'], { cwd: copy, stdio: 'ignore' });
    const manifest = JSON.parse(readFileSync(join(copy, 'dist/runsheet-steps.json'), 'utf8')) as {
      steps: { page: string; action: string; command: string | null; params: string[] }[];
    };
    expect(manifest.steps).toContainEqual(
      expect.objectContaining({
        page: 'runbooks/stuck-workflow-recovery',
        action: 'temporal.workflow.describe',
        command: 'temporal workflow describe --workflow-id <workflow-id>',
        params: ['workflowId'],
      }),
    );
    rmSync(copy, { recursive: true, force: true });
  }, 300_000);
});
