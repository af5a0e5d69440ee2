import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { installWmsFixtures, type WmsFixtures } from '../../sandbox/kubernetes/fixtures.ts';
import type { KubernetesCluster } from '../../sandbox/kubernetes/cluster.ts';
import { startKubernetes } from '../stack/servers.ts';
import { launchBrowserBeside } from './browser.ts';
import { startMain } from './main-process.ts';

export interface KubernetesBrowserSite {
  /** A Kubernetes control plane of the test file's own. */
  cluster: KubernetesCluster;
  fixtures: WmsFixtures;
  /** `node server/main.ts` serving the built site, acting on the fixtures' namespace. */
  site: Awaited<ReturnType<typeof startMain>>;
  browser: Browser;
}

/**
 * The built site and its backend on a cluster of the test file's own, with the WMS workloads in
 * `namespace`, started before its tests and stopped after them. Steps run in `any` mode: the
 * tests add steps no shipped page has (test/support/run-step.ts), which are ad-hoc runs.
 */
export function kubernetesBrowserSite(namespace: string): KubernetesBrowserSite {
  const started = {} as KubernetesBrowserSite;
  beforeAll(async () => {
    started.browser = await launchBrowserBeside(async () => {
      started.cluster = await startKubernetes();
      started.fixtures = await installWmsFixtures(started.cluster, namespace);
      started.site = await startMain({
        RUNSHEET_KUBE_CONFIG: started.cluster.kubeconfig,
        RUNSHEET_KUBE_NAMESPACE: started.fixtures.namespace,
        RUNSHEET_SITE_DIR: 'dist',
        RUNSHEET_LOG_LEVEL: 'warn',
        RUNSHEET_STEPS: 'any',
      });
    });
  }, 300_000);
  afterAll(async () => {
    await started.browser?.close();
    await started.site?.stop();
    await started.cluster?.stop();
  });
  return started;
}
