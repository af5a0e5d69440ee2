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
import { runKubectl, writeKubeconfig } from './access.ts';
import { startKubernetes, type KubernetesCluster } from './cluster.ts';
import { deployment, installWmsFixtures } from './fixtures.ts';
import { KWOK_NODE } from './kwok.ts';

export const WMS_NAMESPACE = 'wms';
const RBAC = new URL('../../deploy/rbac.yaml', import.meta.url);

export interface WmsCluster {
  cluster: KubernetesCluster;
  /** Runsheet's kubeconfig: the `runsheet` service account's token, namespace `wms`. */
  kubeconfig: string;
  namespace: string;
  /** Puts the workloads back as they were started (the drills' incidents undone). */
  reset(): void;
  stop(): Promise<void>;
}

export async function startWmsCluster(bin: KubernetesBinaries): Promise<WmsCluster> {
  const cluster = await startKubernetes(bin);
  try {
    const kubectl = (args: string[], input?: string) =>
      runKubectl(cluster.binaries, cluster.kubeconfig, args, input);
    installWorld(cluster, kubectl);
    kubectl(['apply', '-f', '-'], readFileSync(RBAC, 'utf8'));
    const token = kubectl([
      'create',
      'token',
      'runsheet',
      '-n',
      WMS_NAMESPACE,
      '--duration=48h',
    ]).trim();
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
function installWorld(
  cluster: KubernetesCluster,
  kubectl: (args: string[], input?: string) => string,
): void {
  kubectl(['apply', '-f', '-'], JSON.stringify(namespace()));
  const worker = 'orchestrator-worker';
  const current = kubectl([
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
    kubectl(['apply', '-f', '-'], JSON.stringify(previous));
    kubectl(['rollout', 'status', `deployment/${worker}`, '-n', WMS_NAMESPACE, '--timeout=120s']);
  }
  installWmsFixtures(cluster, WMS_NAMESPACE);
  kubectl(['apply', '-f', '-'], JSON.stringify(temporalFrontend()));
}

function namespace() {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: WMS_NAMESPACE } };
}

/** A stand-in for the Temporal frontend the workers dial (`temporal-frontend:7233`). */
function temporalFrontend() {
  const labels = { app: 'temporal-frontend' };
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'temporal-frontend', namespace: WMS_NAMESPACE, labels },
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
                  name: 'temporal-frontend',
                  image: 'temporalio/server:1.29.1',
                  ports: [{ name: 'grpc', containerPort: 7233 }],
                },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'temporal-frontend', namespace: WMS_NAMESPACE, labels },
        spec: {
          selector: labels,
          ports: [{ name: 'grpc', port: 7233, targetPort: 'grpc', protocol: 'TCP' }],
        },
      },
    ],
  };
}
