import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../server/audit/record.ts';
import { browserSite } from '../support/browser-site.ts';
import { artifactPath } from '../support/browser.ts';

const PAGE = '/runbooks/stuck-workflow-recovery/';

// Production with the two-person rule: two admins, known by their bearer tokens, and someone
// identified but granted nothing.
const e2e = browserSite(() => {
  const config = join(mkdtempSync(join(tmpdir(), 'runsheet-config-')), 'runsheet.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      identity: {
        mode: 'token',
        tokens: [
          { user: 'hana@example.com', sha256: sha256('hana-token') },
          { user: 'ivan@example.com', sha256: sha256('ivan-token') },
          { user: 'nina@example.com', sha256: sha256('nina-token') },
        ],
        grants: ['hana', 'ivan'].map((name) => ({
          subject: `user:${name}@example.com`,
          role: 'admin',
          environments: ['production'],
        })),
      },
      policy: { twoPersonRule: true },
    }),
  );
  return { RUNSHEET_CONFIG: config };
});

describe('a destructive step under the two-person rule, in a browser', () => {
  it('files a request, waits for a second admin, then runs with the approval once', async () => {
    const stuck = await e2e.wms.stuckOrder();
    const workflowId = `order-fulfillment-${stuck.orderId}`;
    const context = await e2e.browser.newContext({
      extraHTTPHeaders: { authorization: 'Bearer hana-token' },
    });
    const page = await context.newPage();
    await page.goto(`${e2e.site.url}${PAGE}?orderId=${stuck.orderId}`);
    const step = page.locator('runsheet-run[data-action="temporal.workflow.terminate"]');
    await expect.poll(() => step.getAttribute('data-state')).toBe('ready');
    await step.getByRole('button', { name: 'Run' }).click();

    const confirm = step.getByRole('form', { name: 'Confirm this step' });
    await confirm.getByLabel(`Type ${workflowId} to confirm`).fill(workflowId);
    await confirm.getByLabel('Reason').fill('INC-789: stuck after the WES deploy');
    await confirm.getByRole('button', { name: 'Confirm and run' }).click();

    const waiting = step.getByRole('group', { name: 'Waiting for approval' });
    await expect.poll(() => waiting.isVisible(), { timeout: 15_000 }).toBe(true);
    const approvalId = /APR-[0-9A-F]{8}/.exec((await waiting.textContent())!)![0];
    expect(await step.getByRole('status').first().textContent()).toBe(
      `Waiting for a second admin to approve ${approvalId}.`,
    );
    expect((await stuck.handle.describe()).status.name).toBe('RUNNING');

    // Too early: still waiting, and it says so.
    await waiting.getByRole('button', { name: `Run with approval ${approvalId}` }).click();
    await expect
      .poll(() => step.textContent(), { timeout: 15_000 })
      .toContain(`${approvalId} is still waiting for a second admin's approval.`);

    const approved = await fetch(`${e2e.site.url}/api/approvals/${approvalId}/approve`, {
      method: 'POST',
      headers: { authorization: 'Bearer ivan-token', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(approved.status).toBe(200);

    await step.getByRole('button', { name: `Run with approval ${approvalId}` }).click();
    await expect.poll(() => step.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
    const last = (await stuck.handle.fetchHistory()).events!.at(-1)!;
    expect(last.workflowExecutionTerminatedEventAttributes).toMatchObject({
      reason: 'INC-789: stuck after the WES deploy',
    });
    await page.screenshot({ path: artifactPath('two-person-approved'), fullPage: false });
    await context.close();
  });
});

describe('the audit page, for someone granted nothing', () => {
  it('shows none of the trail and says why', async () => {
    const context = await e2e.browser.newContext({
      extraHTTPHeaders: { authorization: 'Bearer nina-token' },
    });
    const page = await context.newPage();
    await page.goto(`${e2e.site.url}/audit/`);
    await expect
      .poll(() => page.locator('[data-status]').textContent(), { timeout: 10_000 })
      .toBe(
        'The audit trail could not be read: Reading the audit trail needs the viewer role in production, which nina@example.com does not have.',
      );
    expect(await page.locator('[data-runs] tr').count()).toBe(0);
    await context.close();
  });
});
