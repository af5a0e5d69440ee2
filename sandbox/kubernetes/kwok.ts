/** kwok as the cluster's one node: pods become Ready, serve their logs and report usage. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess } from '../processes.ts';
import { waitFor, type Component } from './access.ts';

export const KWOK_NODE = 'kwok-node';
/**
 * Pod IPs kwok hands out. Not loopback: EndpointSlices refuse loopback addresses. Nothing ever
 * connects to them: kwok pods have no network, and the tests only probe loopback listeners.
 */
const POD_CIDR = '10.244.0.1/24';

export async function startKwok({ bin, dir, kubeconfig, pki, kubectl, port }: Component) {
  // kwok reads the Logs and ClusterLogs resources from the API (so tests can point pods at log
  // files); stages, metrics and usage come from its configuration file.
  await kubectl([
    'apply',
    '-f',
    join(bin.kwokAssets, 'logs-crd.yaml'),
    '-f',
    join(bin.kwokAssets, 'clusterlogs-crd.yaml'),
  ]);
  await kubectl([
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    'crd/logs.kwok.x-k8s.io',
    'crd/clusterlogs.kwok.x-k8s.io',
  ]);
  await kubectl(['apply', '-f', '-'], nodeManifest());
  const config = join(dir, 'kwok.yaml');
  writeFileSync(
    config,
    [
      readFileSync(new URL('./pod-stages.yaml', import.meta.url), 'utf8'),
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
      `--config=${config}`,
      '--manage-all-nodes=false',
      `--manage-single-node=${KWOK_NODE}`,
      '--node-ip=127.0.0.1',
      `--node-name=${KWOK_NODE}`,
      `--node-port=${port}`,
      `--server-address=127.0.0.1:${port}`,
      `--tls-cert-file=${pki.servingCert}`,
      `--tls-private-key-file=${pki.servingKey}`,
      `--cidr=${POD_CIDR}`,
      '--enable-crds=Logs,ClusterLogs',
    ],
    'kwok',
  );
  try {
    await waitFor(kwok, 'kwok (node Ready)', async () =>
      (
        await kubectl([
          'get',
          'node',
          KWOK_NODE,
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
        ])
      ).includes('True'),
    );
  } catch (error) {
    await kwok.stop();
    throw new Error(`${(error as Error).message}\n${kwok.output()}`, { cause: error });
  }
  return kwok;
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
