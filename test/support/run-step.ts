import type { Locator, Page } from 'playwright-core';

export interface TestStep {
  action: string;
  args: Record<string, unknown>;
  /** Also the step's label and the locator's handle. */
  label: string;
  risk?: 'read' | 'write' | 'destructive';
  /** What the build puts on `<runsheet-run>` for a step written as a CLI line. */
  filters?: unknown[];
  command?: string;
  download?: string;
  /** A dry-run step (`--dry-run` on its line): `data-preview-only`, as the build writes it. */
  previewOnly?: boolean;
}

/**
 * Puts one more Run block on an open runbook page, for an action no shipped page has a step for
 * yet: a copy of the page's first block with another action, as the build would have written it.
 * Nothing is added to the site itself.
 */
export async function addStep(page: Page, step: TestStep): Promise<Locator> {
  await page.evaluate((step) => {
    const model = document.querySelector('runsheet-run')!;
    const element = document.createElement('runsheet-run');
    const data: Record<string, string | undefined> = {
      action: step.action,
      risk: step.risk ?? 'read',
      step: step.label,
      args: JSON.stringify(step.args),
      filters: step.filters && JSON.stringify(step.filters),
      command: step.command,
      download: step.download,
      previewOnly: step.previewOnly ? 'true' : undefined,
    };
    for (const [key, value] of Object.entries(data)) if (value) element.dataset[key] = value;
    element.id = `test-${step.label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    const body = model.querySelector('.rs-run')!.cloneNode(true) as HTMLElement;
    body.querySelector('[data-output]')!.replaceChildren();
    body.querySelector('.rs-run-label strong')!.textContent = step.label;
    const risk = body.querySelector('.rs-risk')!;
    risk.className = `rs-risk rs-risk-${step.risk ?? 'read'}`;
    risk.textContent = step.risk ?? 'read';
    element.append(body);
    // At the top of the runbook, so the screenshots show it.
    document.querySelector('.sl-markdown-content')!.prepend(element);
  }, step);
  const locator = page.locator(`runsheet-run[data-step="${step.label}"]`);
  await locator.waitFor();
  return locator;
}

/** Runs a read step and waits until it is done. */
export async function runStep(step: Locator, timeout = 20_000): Promise<void> {
  await step
    .page()
    .waitForFunction(
      (element) => element?.getAttribute('data-state') === 'ready',
      await step.elementHandle(),
      { timeout },
    );
  await step.getByRole('button', { name: 'Run' }).click();
  await step
    .page()
    .waitForFunction(
      (element) => ['done', 'failed'].includes(element?.getAttribute('data-state') ?? ''),
      await step.elementHandle(),
      { timeout },
    );
  const state = await step.getAttribute('data-state');
  if (state !== 'done') {
    throw new Error(`The step failed: ${await step.getByRole('status').textContent()}`);
  }
}
