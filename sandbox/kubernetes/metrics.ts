/** metrics-server behind metrics.k8s.io, scraping the kwok node: what `kubectl top` reads. */
import { startProcess } from '../processes.ts';
import { httpsOk, waitFor, type Component } from './access.ts';

export async function startMetricsServer({ bin, kubeconfig, pki, kubectl, port }: Component) {
  const metricsServer = startProcess(
    bin.metricsServer,
    [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      `--tls-cert-file=${pki.servingCert}`,
      `--tls-private-key-file=${pki.servingKey}`,
      '--kubelet-insecure-tls',
      '--kubelet-use-node-status-port',
      '--kubelet-preferred-address-types=InternalIP',
      // The shortest it takes; the request timeout must be shorter still.
      '--metric-resolution=10s',
      '--kubelet-request-timeout=5s',
    ],
    'metrics-server',
  );
  try {
    await waitFor(metricsServer, 'metrics-server', () =>
      httpsOk(`https://127.0.0.1:${port}/livez`, pki.ca),
    );
    await kubectl(['apply', '-f', '-'], metricsApiManifest(port));
    await kubectl([
      'wait',
      '--for=condition=Available',
      '--timeout=60s',
      'apiservice/v1beta1.metrics.k8s.io',
    ]);
  } catch (error) {
    await metricsServer.stop();
    throw new Error(`${(error as Error).message}\n${metricsServer.output()}`, { cause: error });
  }
  return metricsServer;
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
