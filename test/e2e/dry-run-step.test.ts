import { describe, expect, it } from 'vitest';
import { runKubectl } from '../../sandbox/kubernetes/access.ts';
import { artifactPath } from '../support/browser.ts';
import { kubernetesBrowserSite } from '../support/browser-kubernetes.ts';
import { addStep } from '../support/run-step.ts';

/**
 * A `kubectl scale … --dry-run=server` step in a real browser against a real cluster: Run shows
 * the cluster's preview as the step's result, labelled a dry run, with nothing to confirm, and the
 * deployment keeps its replicas.
 */
const world = kubernetesBrowserSite('wms-dry-run');

const replicas = async () =>
  Number(
    await runKubectl(world.cluster.binaries, world.cluster.kubeconfig, [
      'get',
      'deployment',
      'picking-service',
      '-n',
      world.fixtures.namespace,
      '-o',
      'jsonpath={.spec.replicas}',
    ]),
  );

describe('a dry-run step on the page', () => {
  it('shows the preview as its result, with no Confirm, and changes nothing', async () => {
    const page = await world.browser.newPage();
    await page.goto(`${world.site.url}/runbooks/stuck-workflow-recovery/`);
    const step = await addStep(page, {
      action: 'kubernetes.deployment.scale',
      label: 'Preview the scale',
      risk: 'write',
      args: { name: 'picking-service', replicas: 3 },
      command: 'kubectl scale deploy/picking-service --replicas=3 --dry-run=server',
      previewOnly: true,
    });
    await page.waitForFunction(
      (element) => element?.getAttribute('data-state') === 'ready',
      await step.elementHandle(),
    );
    await step.getByRole('button', { name: 'Run' }).click();
    await page.waitForFunction(
      (element) => element?.getAttribute('data-state') === 'done',
      await step.elementHandle(),
    );
    const result = step.locator('[data-dry-run-result]');
    await expect.poll(() => result.textContent()).toContain('Dry run');
    expect(await result.textContent()).toContain(
      `Scale deployment picking-service in ${world.fixtures.namespace} from 1 to 3 replicas`,
    );
    expect(await step.getByRole('status').textContent()).toMatch(/Dry run: previewed/);
    expect(await step.getByRole('button', { name: /Confirm/ }).count()).toBe(0);
    expect(await step.locator('form').count()).toBe(0);
    await step.screenshot({ path: artifactPath('dry-run-step') });
    expect(await replicas()).toBe(1);
    await page.close();
  });
});
