/**
 * A real Kubernetes control plane on loopback, for the sandbox and the tests: etcd, kube-apiserver (RBAC, service
 * account tokens, the aggregation layer), kube-controller-manager (Deployments → ReplicaSets → pods,
 * rollout history), kwok as the one simulated node (pods become Ready, serve logs and usage
 * metrics), and metrics-server behind metrics.k8s.io. Everything binds 127.0.0.1 on free ports, and
 * its files live in one temporary folder that stop() removes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, retryOnPortClash, startProcess, type ServerProcess } from '../processes.ts';
import { httpsOk, kubectlFor, waitFor, writeKubeconfig } from './access.ts';
import type { KubernetesBinaries } from '../programs/kubernetes-build.ts';
import { startKwok } from './kwok.ts';
import { startMetricsServer } from './metrics.ts';
import { makeCertificates, pkiPaths, type Pki } from './pki.ts';
import { SandboxError } from '../programs/go-build.ts';

const SERVICE_CIDR = '10.96.0.0/24';

export interface KubernetesCluster {
  /** https://127.0.0.1:<port> */
  server: string;
  /** A kubeconfig for the cluster administrator (client certificate in group system:masters). */
  kubeconfig: string;
  caFile: string;
  /** The folder holding the run's certificates, kubeconfigs and log files. */
  dir: string;
  etcd: string;
  binaries: KubernetesBinaries;
  stop(): Promise<void>;
}

/** Starts the cluster from built programs (see programs/kubernetes-build.ts). */
export function startKubernetes(bin: KubernetesBinaries): Promise<KubernetesCluster> {
  return retryOnPortClash(() => startKubernetesOnce(bin));
}

async function startKubernetesOnce(bin: KubernetesBinaries): Promise<KubernetesCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'runsheet-kubernetes-'));
  const processes: ServerProcess[] = [];
  const stop = async () => {
    for (const process of processes.reverse()) await process.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const pki = makeCertificates(dir);
    const [etcdPort, etcdPeerPort, apiPort, kwokPort, metricsPort] = (await Promise.all(
      Array.from({ length: 5 }, () => freePort()),
    )) as [number, number, number, number, number];
    const etcd = `http://127.0.0.1:${etcdPort}`;
    const server = `https://127.0.0.1:${apiPort}`;

    const etcdProcess = startProcess(
      bin.etcd,
      [
        '--name=node0',
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=${etcd}`,
        `--advertise-client-urls=${etcd}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
        `--initial-cluster=node0=http://127.0.0.1:${etcdPeerPort}`,
        '--log-level=error',
        '--quota-backend-bytes=1073741824',
      ],
      'etcd',
    );
    processes.push(etcdProcess);
    await waitFor(etcdProcess, 'etcd', async () => {
      const response = await fetch(`${etcd}/health`);
      return response.ok;
    });

    const apiserver = startProcess(
      bin.kubeApiserver,
      apiserverArgs({ dir, pki, etcd, port: apiPort, etcdPrefix: '/registry' }),
      'kube-apiserver',
    );
    processes.push(apiserver);
    await waitFor(apiserver, 'kube-apiserver', () => httpsOk(`${server}/readyz`, pki.ca), 120_000);

    const kubeconfig = writeKubeconfig(join(dir, 'admin.kubeconfig'), {
      server,
      caFile: pki.ca,
      user: { 'client-certificate': pki.adminCert, 'client-key': pki.adminKey },
    });
    const kubectl = kubectlFor(bin, kubeconfig);

    processes.push(
      startProcess(
        bin.kubeControllerManager,
        [
          `--kubeconfig=${kubeconfig}`,
          `--authentication-kubeconfig=${kubeconfig}`,
          `--authorization-kubeconfig=${kubeconfig}`,
          '--bind-address=127.0.0.1',
          `--secure-port=${await freePort()}`,
          '--leader-elect=false',
          '--controllers=deployment,replicaset,endpointslice,garbagecollector,namespace,serviceaccount',
          `--root-ca-file=${pki.ca}`,
          `--service-account-private-key-file=${pki.saKey}`,
          '--kube-api-qps=1000',
          '--kube-api-burst=1000',
          '--concurrent-deployment-syncs=10',
          '--concurrent-replicaset-syncs=10',
          '--v=0',
        ],
        'kube-controller-manager',
      ),
    );

    const component = { bin, dir, kubeconfig, pki, kubectl };
    processes.push(await startKwok({ ...component, port: kwokPort }));
    processes.push(await startMetricsServer({ ...component, port: metricsPort }));

    return {
      server,
      kubeconfig,
      caFile: pki.ca,
      dir,
      etcd,
      binaries: bin,
      stop,
    };
  } catch (error) {
    const output = processes.map((process) => process.output()).join('\n');
    await stop();
    throw new SandboxError(`${(error as Error).message}\n${output}`, { cause: error });
  }
}

/**
 * A second kube-apiserver on the same etcd under its own prefix: a fresh, empty cluster with no
 * aggregated APIs, to show what the actions say where metrics.k8s.io is not installed.
 */
export function startBareApiserver(cluster: KubernetesCluster) {
  return retryOnPortClash(() => startBareApiserverOnce(cluster));
}

async function startBareApiserverOnce(cluster: KubernetesCluster) {
  const port = await freePort();
  const dir = mkdtempSync(join(cluster.dir, 'bare-'));
  const pki = pkiPaths(cluster.dir);
  const server = `https://127.0.0.1:${port}`;
  const apiserver = startProcess(
    cluster.binaries.kubeApiserver,
    apiserverArgs({ dir, pki, etcd: cluster.etcd, port, etcdPrefix: `/bare-${port}` }),
    'bare kube-apiserver',
  );
  try {
    await waitFor(apiserver, 'The bare kube-apiserver', () => httpsOk(`${server}/readyz`, pki.ca));
  } catch (error) {
    await apiserver.stop();
    throw new SandboxError(`${(error as Error).message}\n${apiserver.output()}`);
  }
  const kubeconfig = writeKubeconfig(join(dir, 'admin.kubeconfig'), {
    server,
    caFile: pki.ca,
    user: { 'client-certificate': pki.adminCert, 'client-key': pki.adminKey },
  });
  return {
    server,
    kubeconfig,
    kubectl: kubectlFor(cluster.binaries, kubeconfig),
    stop: () => apiserver.stop(),
  };
}

function apiserverArgs({
  dir,
  pki,
  etcd,
  port,
  etcdPrefix,
}: {
  dir: string;
  pki: Pki;
  etcd: string;
  port: number;
  etcdPrefix: string;
}): string[] {
  return [
    `--etcd-servers=${etcd}`,
    `--etcd-prefix=${etcdPrefix}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${port}`,
    `--cert-dir=${join(dir, 'apiserver-certs')}`,
    `--tls-cert-file=${pki.servingCert}`,
    `--tls-private-key-file=${pki.servingKey}`,
    `--client-ca-file=${pki.ca}`,
    '--authorization-mode=Node,RBAC',
    `--service-account-key-file=${pki.saKey}`,
    `--service-account-signing-key-file=${pki.saKey}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    // The aggregation layer, for metrics.k8s.io served by metrics-server.
    `--proxy-client-cert-file=${pki.proxyCert}`,
    `--proxy-client-key-file=${pki.proxyKey}`,
    `--requestheader-client-ca-file=${pki.ca}`,
    '--requestheader-allowed-names=front-proxy-client',
    '--requestheader-username-headers=X-Remote-User',
    '--requestheader-group-headers=X-Remote-Group',
    '--requestheader-extra-headers-prefix=X-Remote-Extra-',
    // kwok's node serves pods/log at its InternalIP; never try to resolve the node's hostname.
    '--kubelet-preferred-address-types=InternalIP',
    '--endpoint-reconciler-type=none',
    '--enable-priority-and-fairness=false',
    '--profiling=false',
    '--v=0',
  ];
}
