/**
 * A real Kubernetes control plane on loopback for the tests: etcd, kube-apiserver (RBAC, service
 * account tokens, the aggregation layer), kube-controller-manager (Deployments → ReplicaSets → pods,
 * rollout history), kwok as the one simulated node (pods become Ready, serve logs and usage
 * metrics), and metrics-server behind metrics.k8s.io. Everything binds 127.0.0.1 on free ports, and
 * its files live in one temporary folder that stop() removes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubernetesBinaries, type KubernetesBinaries } from './kubernetes-build.ts';
import { freePort, onPath, startProcess, waitUntil } from '../../sandbox/processes.ts';
import { StackError } from './tools.ts';

export const KWOK_NODE = 'kwok-node';
/**
 * Pod IPs kwok hands out. Not loopback: EndpointSlices refuse loopback addresses. Nothing ever
 * connects to them: kwok pods have no network, and the tests only probe loopback listeners.
 */
const POD_CIDR = '10.244.0.1/24';
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

type Process = ReturnType<typeof startProcess>;

export async function startKubernetes(): Promise<KubernetesCluster> {
  const bin = kubernetesBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'runsheet-kubernetes-'));
  const processes: Process[] = [];
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
    const kubectl = (args: string[], input?: string) => runKubectl(bin, kubeconfig, args, input);

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

    // kwok reads the Logs and ClusterLogs resources from the API (so tests can point pods at log
    // files); stages, metrics and usage come from its configuration file.
    kubectl([
      'apply',
      '-f',
      join(bin.kwokAssets, 'logs-crd.yaml'),
      '-f',
      join(bin.kwokAssets, 'clusterlogs-crd.yaml'),
    ]);
    kubectl([
      'wait',
      '--for=condition=Established',
      '--timeout=60s',
      'crd/logs.kwok.x-k8s.io',
      'crd/clusterlogs.kwok.x-k8s.io',
    ]);
    kubectl(['apply', '-f', '-'], nodeManifest());
    const kwokConfig = join(dir, 'kwok.yaml');
    writeFileSync(
      kwokConfig,
      [
        readFileSync(new URL('./kwok/pod-stages.yaml', import.meta.url), 'utf8'),
        ...[
          'node-initialize.yaml',
          'pod-complete.yaml',
          'pod-delete.yaml',
          'metrics-resource.yaml',
          'usage-from-annotation.yaml',
        ].map((name) => readFileSync(join(bin.kwokAssets, name), 'utf8')),
      ].join('\n---\n'),
    );
    const kwok = startProcess(
      bin.kwok,
      [
        `--kubeconfig=${kubeconfig}`,
        `--config=${kwokConfig}`,
        '--manage-all-nodes=false',
        `--manage-single-node=${KWOK_NODE}`,
        '--node-ip=127.0.0.1',
        `--node-name=${KWOK_NODE}`,
        `--node-port=${kwokPort}`,
        `--server-address=127.0.0.1:${kwokPort}`,
        `--tls-cert-file=${pki.servingCert}`,
        `--tls-private-key-file=${pki.servingKey}`,
        `--cidr=${POD_CIDR}`,
        '--enable-crds=Logs,ClusterLogs',
      ],
      'kwok',
    );
    processes.push(kwok);
    await waitFor(kwok, 'kwok (node Ready)', async () =>
      kubectl([
        'get',
        'node',
        KWOK_NODE,
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
      ]).includes('True'),
    );

    const metricsServer = startProcess(
      bin.metricsServer,
      [
        `--kubeconfig=${kubeconfig}`,
        `--authentication-kubeconfig=${kubeconfig}`,
        `--authorization-kubeconfig=${kubeconfig}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${metricsPort}`,
        `--tls-cert-file=${pki.servingCert}`,
        `--tls-private-key-file=${pki.servingKey}`,
        '--kubelet-insecure-tls',
        '--kubelet-use-node-status-port',
        '--kubelet-preferred-address-types=InternalIP',
        '--metric-resolution=10s',
        '--kubelet-request-timeout=5s',
      ],
      'metrics-server',
    );
    processes.push(metricsServer);
    await waitFor(metricsServer, 'metrics-server', () =>
      httpsOk(`https://127.0.0.1:${metricsPort}/livez`, pki.ca),
    );
    kubectl(['apply', '-f', '-'], metricsApiManifest(metricsPort));
    kubectl([
      'wait',
      '--for=condition=Available',
      '--timeout=60s',
      'apiservice/v1beta1.metrics.k8s.io',
    ]);

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
    throw new StackError(`${(error as Error).message}\n${output}`, { cause: error });
  }
}

/**
 * A second kube-apiserver on the same etcd under its own prefix: a fresh, empty cluster with no
 * aggregated APIs, to show what the actions say where metrics.k8s.io is not installed.
 */
export async function startBareApiserver(cluster: KubernetesCluster) {
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
    throw new StackError(`${(error as Error).message}\n${apiserver.output()}`);
  }
  const kubeconfig = writeKubeconfig(join(dir, 'admin.kubeconfig'), {
    server,
    caFile: pki.ca,
    user: { 'client-certificate': pki.adminCert, 'client-key': pki.adminKey },
  });
  return {
    server,
    kubeconfig,
    kubectl: (args: string[], input?: string) =>
      runKubectl(cluster.binaries, kubeconfig, args, input),
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

interface Pki {
  ca: string;
  caKey: string;
  servingCert: string;
  servingKey: string;
  adminCert: string;
  adminKey: string;
  proxyCert: string;
  proxyKey: string;
  saKey: string;
}

function pkiPaths(dir: string): Pki {
  const pki = join(dir, 'pki');
  return {
    ca: join(pki, 'ca.crt'),
    caKey: join(pki, 'ca.key'),
    servingCert: join(pki, 'serving.crt'),
    servingKey: join(pki, 'serving.key'),
    adminCert: join(pki, 'admin.crt'),
    adminKey: join(pki, 'admin.key'),
    proxyCert: join(pki, 'front-proxy-client.crt'),
    proxyKey: join(pki, 'front-proxy-client.key'),
    saKey: join(pki, 'service-account.key'),
  };
}

/** A throw-away CA and the certificates the components need, made with the openssl CLI. */
function makeCertificates(dir: string): Pki {
  if (!onPath('openssl')) {
    throw new StackError(
      'The Kubernetes test cluster needs the openssl CLI to make its certificates (Debian: apt-get install openssl).',
    );
  }
  const pki = pkiPaths(dir);
  mkdirSync(join(dir, 'pki'), { recursive: true });
  const config = join(dir, 'pki', 'openssl.cnf');
  writeFileSync(
    config,
    [
      '[req]',
      'distinguished_name = dn',
      '[dn]',
      '[ca]',
      'basicConstraints = critical,CA:TRUE',
      'keyUsage = critical,keyCertSign,cRLSign',
      '[leaf]',
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage = serverAuth,clientAuth',
      'subjectAltName = IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc,DNS:metrics-server.kube-system.svc',
      '',
    ].join('\n'),
  );
  const openssl = (args: string[]) => {
    const result = spawnSync('openssl', args, { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new StackError(`openssl ${args.join(' ')} failed: ${result.stderr}`);
    }
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const certificate = (subject: string, cert: string, key: string) =>
    openssl([
      'req',
      '-x509',
      '-config',
      config,
      '-extensions',
      'leaf',
      ...ec,
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      subject,
      '-CA',
      pki.ca,
      '-CAkey',
      pki.caKey,
    ]);
  openssl([
    'req',
    '-x509',
    '-config',
    config,
    '-extensions',
    'ca',
    ...ec,
    '-keyout',
    pki.caKey,
    '-out',
    pki.ca,
    '-days',
    '2',
    '-subj',
    '/CN=runsheet-test-ca',
  ]);
  certificate('/CN=kube-apiserver', pki.servingCert, pki.servingKey);
  certificate('/O=system:masters/CN=runsheet-test-admin', pki.adminCert, pki.adminKey);
  certificate('/CN=front-proxy-client', pki.proxyCert, pki.proxyKey);
  // SEC1 ("EC PRIVATE KEY"): --service-account-key-file does not read PKCS #8 EC keys.
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', pki.saKey]);
  return pki;
}

/** Writes a one-context kubeconfig; `user` holds client-certificate/key paths or a token. */
export function writeKubeconfig(
  path: string,
  {
    server,
    caFile,
    user,
    namespace,
  }: { server: string; caFile: string; user: Record<string, string>; namespace?: string },
): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'runsheet-test', cluster: { server, 'certificate-authority': caFile } }],
    users: [{ name: 'runsheet-test-user', user }],
    contexts: [
      {
        name: 'runsheet-test',
        context: {
          cluster: 'runsheet-test',
          user: 'runsheet-test-user',
          ...(namespace ? { namespace } : {}),
        },
      },
    ],
    'current-context': 'runsheet-test',
  };
  // JSON is YAML: every kubeconfig reader accepts it.
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

/** kubectl against the cluster: for setting up fixtures, and as the benchmark's baseline. */
export function runKubectl(
  bin: KubernetesBinaries,
  kubeconfig: string,
  args: string[],
  input?: string,
): string {
  const result = spawnSync(bin.kubectl, [`--kubeconfig=${kubeconfig}`, ...args], {
    encoding: 'utf8',
    input,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new StackError(`kubectl ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

function nodeManifest(): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: KWOK_NODE,
      annotations: {
        'kwok.x-k8s.io/node': 'fake',
        'node.alpha.kubernetes.io/ttl': '0',
        // metrics-server reads each node's resource metrics at this path on the node's port.
        'metrics.k8s.io/resource-metrics-path': `/metrics/nodes/${KWOK_NODE}/metrics/resource`,
      },
      labels: {
        'kubernetes.io/hostname': KWOK_NODE,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        type: 'kwok',
      },
    },
    spec: { podCIDR: POD_CIDR.replace(/\.1\//, '.0/') },
  });
}

/** metrics.k8s.io, served by the metrics-server process through an ExternalName service on loopback. */
function metricsApiManifest(port: number): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'metrics-server', namespace: 'kube-system' },
        spec: {
          type: 'ExternalName',
          externalName: '127.0.0.1',
          ports: [{ name: 'https', port, protocol: 'TCP', targetPort: port }],
        },
      },
      {
        apiVersion: 'apiregistration.k8s.io/v1',
        kind: 'APIService',
        metadata: { name: 'v1beta1.metrics.k8s.io' },
        spec: {
          group: 'metrics.k8s.io',
          version: 'v1beta1',
          groupPriorityMinimum: 100,
          versionPriority: 100,
          insecureSkipTLSVerify: true,
          service: { name: 'metrics-server', namespace: 'kube-system', port },
        },
      },
    ],
  });
}

function httpsOk(url: string, caFile: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { ca: readFileSync(caFile), timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

function waitFor(
  process: Process,
  what: string,
  ready: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  return waitUntil(ready, { timeoutMs, what, exited: process.exited });
}
