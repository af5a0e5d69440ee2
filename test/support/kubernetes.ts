import { randomBytes } from 'node:crypto';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, inject } from 'vitest';
import { binaries } from '../../sandbox/programs/kubernetes-build.ts';
import { installWmsFixtures, type WmsFixtures } from '../../sandbox/kubernetes/fixtures.ts';
import { runKubectl } from '../../sandbox/kubernetes/access.ts';
import type { KubernetesCluster } from '../../sandbox/kubernetes/cluster.ts';
import { testApp } from './app.ts';

/** The cluster global setup started, as the fixture helpers take it. */
export function testCluster(): KubernetesCluster {
  const provided = inject('kubernetes');
  return {
    ...provided,
    binaries: binaries(provided.binDir),
    stop: () => Promise.reject(new Error('global setup stops the cluster')),
  };
}

/** kubectl as the cluster administrator. */
export function kubectl(args: string[], input?: string): Promise<string> {
  const cluster = testCluster();
  return runKubectl(cluster.binaries, cluster.kubeconfig, args, input);
}

/** Clients as the administrator, to set up and check what the actions did. */
export function adminClients() {
  const kc = new KubeConfig();
  kc.loadFromFile(inject('kubernetes').kubeconfig);
  return { core: kc.makeApiClient(CoreV1Api), apps: kc.makeApiClient(AppsV1Api) };
}

/** The WMS workloads in a namespace of their own, for a test file that changes them. */
export async function freshWmsNamespace(
  prefix: string,
): Promise<WmsFixtures & { remove(): Promise<void> }> {
  const namespace = `${prefix}-${randomBytes(3).toString('hex')}`;
  const fixtures = await installWmsFixtures(testCluster(), namespace);
  return {
    ...fixtures,
    remove: async () => {
      await kubectl(['delete', 'namespace', namespace, '--wait=false']);
      await kubectl(['delete', 'clusterlogs', `wms-logs-${namespace}`, '--ignore-not-found']);
    },
  };
}

/**
 * Runsheet on a WMS namespace of the test file's own (for a file that changes workloads), made
 * before its tests and removed after them; `specOf` reads a deployment back as the administrator.
 */
export function runsheetOnFreshNamespace(prefix: string) {
  const world = {} as {
    fixtures: Awaited<ReturnType<typeof freshWmsNamespace>>;
    runsheet: ReturnType<typeof testApp>;
  };
  beforeAll(async () => {
    world.fixtures = await freshWmsNamespace(prefix);
    world.runsheet = testApp({ kubernetes: kubernetesConfig(world.fixtures.namespace) });
  });
  afterAll(async () => {
    await world.runsheet?.close();
    await world.fixtures?.remove();
  });
  const specOf = async (name: string) =>
    (
      await adminClients().apps.readNamespacedDeployment({
        name,
        namespace: world.fixtures.namespace,
      })
    ).spec!;
  return Object.assign(world, { specOf });
}

/** Runsheet config pointing at the test cluster as its administrator. */
export function kubernetesConfig(namespace = inject('kubernetes').namespace) {
  return { kubeconfig: inject('kubernetes').kubeconfig, namespace };
}

/** Polls `read` until `done` holds for what it returns (for hooks, where expect.poll is not allowed). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 15_000, intervalMs = 250, what = 'the condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `${what} did not hold within ${timeoutMs / 1000} s (last: ${JSON.stringify(value)})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
