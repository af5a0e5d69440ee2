/**
 * The sandbox's Kubernetes: the control plane of cluster.ts with the WMS workloads in `wms`, an
 * orchestrator-worker with a rollout history (1.4.1, then 1.4.2) so a rollback has somewhere to go,
 * a temporal-frontend service, and Runsheet's own identity: the service account of
 * deploy/rbac.yaml with a token, in a kubeconfig of its own — least privilege, exactly as a real
 * cluster would be set up for Runsheet.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubernetesBinaries } from '../programs/kubernetes-build.ts';
import { kubectlFor, writeKubeconfig, type Kubectl } from './access.ts';
import { startKubernetes, type KubernetesCluster } from './cluster.ts';
import { deployment, installWmsFixtures } from './fixtures.ts';
import { KWOK_NODE } from './kwok.ts';

export const WMS_NAMESPACE = 'wms';
/** Where the Temporal server runs: the runbooks read it (`kubectl get pods -n temporal`). */
export const TEMPORAL_NAMESPACE = 'temporal';
const RBAC = new URL('../../deploy/rbac.yaml', import.meta.url);
const RBAC_READ = new URL('../../deploy/rbac-read.yaml', import.meta.url);

export interface WmsCluster {
  cluster: KubernetesCluster;
  /** Runsheet's kubeconfig: the `runsheet` service account's token, namespace `wms`. */
  kubeconfig: string;
  namespace: string;
  /** Puts the workloads back as they were started (the drills' incidents undone). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWmsCluster(bin: KubernetesBinaries): Promise<WmsCluster> {
  const cluster = await startKubernetes(bin);
  try {
    const kubectl = kubectlFor(cluster.binaries, cluster.kubeconfig);
    await installWorld(cluster, kubectl);
    await kubectl(['apply', '-f', '-'], readFileSync(RBAC, 'utf8'));
    await kubectl(['apply', '-f', '-'], readFileSync(RBAC_READ, 'utf8'));
    const token = (
      await kubectl(['create', 'token', 'runsheet', '-n', WMS_NAMESPACE, '--duration=48h'])
    ).trim();
    const kubeconfig = writeKubeconfig(join(cluster.dir, 'runsheet.kubeconfig'), {
      server: cluster.server,
      caFile: cluster.caFile,
      user: { token },
      namespace: WMS_NAMESPACE,
    });
    return {
      cluster,
      kubeconfig,
      namespace: WMS_NAMESPACE,
      reset: () => installWorld(cluster, kubectl),
      stop: () => cluster.stop(),
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/** Applies the world: idempotent, so a reset is the same call (replicas and images come back). */
async function installWorld(cluster: KubernetesCluster, kubectl: Kubectl): Promise<void> {
  await kubectl(['apply', '-f', '-'], JSON.stringify(namespaces()));
  const worker = 'orchestrator-worker';
  const current = await kubectl([
    'get',
    'deployment',
    worker,
    '-n',
    WMS_NAMESPACE,
    '--ignore-not-found',
    '-o',
    'jsonpath={.spec.template.spec.containers[0].image}',
  ]);
  if (!current) {
    // Revision 1: the build before the current one.
    const previous = deployment(worker, WMS_NAMESPACE, {
      image: 'registry.example.com/wms/orchestrator-worker:1.4.1',
    });
    await kubectl(['apply', '-f', '-'], JSON.stringify(previous));
    await kubectl([
      'rollout',
      'status',
      `deployment/${worker}`,
      '-n',
      WMS_NAMESPACE,
      '--timeout=120s',
    ]);
  }
  await installWmsFixtures(cluster, WMS_NAMESPACE);
  await kubectl(['apply', '-f', '-'], JSON.stringify(temporalServer()));
}

function namespaces() {
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [WMS_NAMESPACE, TEMPORAL_NAMESPACE].map((name) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    })),
  };
}

/**
 * Stand-ins for the Temporal server's services in `temporal`, and for the frontend the workers
 * dial in `wms` (`temporal-frontend:7233`). kwok runs them: they answer `get pods` and
 * `get svc`, not gRPC (the sandbox's real Temporal is the temporal CLI's dev server).
 */
function temporalServer() {
  const services = [
    { name: 'temporal-frontend', port: 7233 },
    { name: 'temporal-history', port: 7234 },
    { name: 'temporal-matching', port: 7235 },
    { name: 'temporal-worker', port: 7239 },
  ];
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      ...services.flatMap((service) => temporalService(service, TEMPORAL_NAMESPACE)),
      ...temporalService(services[0]!, WMS_NAMESPACE),
    ],
  };
}

function temporalService({ name, port }: { name: string; port: number }, namespace: string) {
  const labels = { app: name };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            nodeName: KWOK_NODE,
            automountServiceAccountToken: false,
            containers: [
              {
                name,
                image: 'temporalio/server:1.29.1',
                ports: [{ name: 'grpc', containerPort: port }],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels },
      spec: {
        selector: labels,
        ports: [{ name: 'grpc', port, targetPort: 'grpc', protocol: 'TCP' }],
      },
    },
  ];
}
