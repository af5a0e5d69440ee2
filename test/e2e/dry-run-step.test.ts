import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installWmsFixtures, type WmsFixtures } from '../../sandbox/kubernetes/fixtures.ts';
import type { KubernetesCluster } from '../../sandbox/kubernetes/cluster.ts';
import { runKubectl } from '../../sandbox/kubernetes/access.ts';
import { startKubernetes } from '../stack/servers.ts';
import { artifactPath, launchBrowser } from '../support/browser.ts';
import { startMain } from '../support/main-process.ts';
import { addStep } from '../support/run-step.ts';

/**
 * A `kubectl scale … --dry-run=server` step in a real browser against a real cluster: Run shows
 * the cluster's preview as the step's result, labelled a dry run, with nothing to confirm, and the
 * deployment keeps its replicas.
 */
let cluster: KubernetesCluster;
let fixtures: WmsFixtures;
let browser: Browser;
let site: Awaited<ReturnType<typeof startMain>>;

beforeAll(async () => {
  cluster = await startKubernetes();
  fixtures = await installWmsFixtures(cluster, 'wms-dry-run');
  site = await startMain({
    RUNSHEET_KUBE_CONFIG: cluster.kubeconfig,
    RUNSHEET_KUBE_NAMESPACE: fixtures.namespace,
    RUNSHEET_SITE_DIR: 'dist',
    RUNSHEET_LOG_LEVEL: 'warn',
    // The step is added to a shipped page (test/support/run-step.ts): an ad-hoc run.
    RUNSHEET_STEPS: 'any',
  });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await cluster?.stop();
});

const replicas = async () =>
  Number(
    await runKubectl(cluster.binaries, cluster.kubeconfig, [
      'get',
      'deployment',
      'picking-service',
      '-n',
      fixtures.namespace,
      '-o',
      'jsonpath={.spec.replicas}',
    ]),
  );

describe('a dry-run step on the page', () => {
  it('shows the preview as its result, with no Confirm, and changes nothing', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/runbooks/stuck-workflow-recovery/`);
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
      `Scale deployment picking-service in ${fixtures.namespace} from 1 to 3 replicas`,
    );
    expect(await step.getByRole('status').textContent()).toMatch(/Dry run: previewed/);
    expect(await step.getByRole('button', { name: /Confirm/ }).count()).toBe(0);
    expect(await step.locator('form').count()).toBe(0);
    await step.screenshot({ path: artifactPath('dry-run-step') });
    expect(await replicas()).toBe(1);
    await page.close();
  });
});
