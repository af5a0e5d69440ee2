/**
 * The WMS workloads of the runbooks, installed into a namespace of the test cluster: the
 * orchestrator-worker, wes-service, picking-service and mongodb deployments (label app=<name>),
 * their services, the mongodb-credentials secret, and container logs holding the lines the
 * runbooks grep for. Each test file that changes workloads gets a namespace of its own.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubectlFor } from './access.ts';
import { KWOK_NODE } from './kwok.ts';
import { appLogLines, criLog, previousLogLines } from './fixture-logs.ts';
import type { KubernetesCluster } from './cluster.ts';
import { TASK_QUEUE } from '../task-queue.ts';
import { WMS_APPS, type WmsApp } from './wms-apps.ts';

export interface WmsFixtures {
  namespace: string;
  /** The secret's values, so a test can prove none of them ever leaves the server. */
  secretValues: Record<string, string>;
  /** Folder of this namespace's log files. */
  logDir: string;
}

interface AppSpec {
  replicas: number;
  image: string;
  port: number;
  servicePort: number;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  usage: { cpu: string; memory: string };
  /** runsheet.test/last-termination: the container was restarted once after this. */
  lastTermination?: string;
}

const apps: Record<WmsApp, AppSpec> = {
  'orchestrator-worker': {
    replicas: 2,
    image: 'registry.example.com/wms/orchestrator-worker:1.4.2',
    port: 8080,
    servicePort: 8080,
    resources: {
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { cpu: '1', memory: '2Gi' },
    },
    usage: { cpu: '750m', memory: '1800Mi' },
    lastTermination: 'OOMKilled',
  },
  'wes-service': {
    replicas: 1,
    image: 'registry.example.com/wms/wes-service:2.3.0',
    port: 8080,
    servicePort: 80,
    resources: {
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { cpu: '500m', memory: '1Gi' },
    },
    usage: { cpu: '120m', memory: '300Mi' },
  },
  'picking-service': {
    replicas: 1,
    image: 'registry.example.com/wms/picking-service:1.9.1',
    port: 8080,
    servicePort: 80,
    resources: {
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    },
    usage: { cpu: '40m', memory: '180Mi' },
  },
  mongodb: {
    replicas: 1,
    image: 'registry.example.com/wms/mongodb:6.0.14',
    port: 27017,
    servicePort: 27017,
    resources: {
      requests: { cpu: '1', memory: '2Gi' },
      limits: { cpu: '2', memory: '4Gi' },
    },
    usage: { cpu: '900m', memory: '3Gi' },
  },
};

export async function installWmsFixtures(
  cluster: KubernetesCluster,
  namespace: string,
  { waitReady = true }: { waitReady?: boolean } = {},
): Promise<WmsFixtures> {
  const kubectl = kubectlFor(cluster.binaries, cluster.kubeconfig);
  const logDir = join(cluster.dir, 'logs', namespace);
  mkdirSync(logDir, { recursive: true });
  const now = Date.now();
  const logFiles: Record<string, { current: string; previous: string }> = {};
  for (const app of WMS_APPS) {
    const current = join(logDir, `${app}.log`);
    const previous = join(logDir, `${app}.previous.log`);
    writeFileSync(current, criLog(appLogLines[app](), now - 80 * 60_000, now - 30_000));
    writeFileSync(previous, criLog(previousLogLines[app](), now - 3 * 3600_000, now - 81 * 60_000));
    logFiles[app] = { current, previous };
  }

  const password = randomBytes(12).toString('base64url');
  const secretValues = {
    username: 'wes',
    password,
    'connection-string': `mongodb://wes:${password}@mongodb.${namespace}.svc:27017/wes_db`,
  };

  const items: unknown[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterLogs',
      metadata: { name: `wms-logs-${namespace}` },
      spec: {
        selector: { matchNamespaces: [namespace] },
        logs: WMS_APPS.map((app) => ({
          containers: [app],
          logsFile: logFiles[app]!.current,
          previousLogsFile: logFiles[app]!.previous,
          follow: true,
        })),
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'mongodb-credentials', namespace, labels: { app: 'mongodb' } },
      type: 'Opaque',
      stringData: secretValues,
    },
  ];
  for (const app of WMS_APPS) items.push(deployment(app, namespace), service(app, namespace));
  // Applied with kubectl apply, as a team would: the secret then also carries the
  // last-applied-configuration annotation, which holds its values.
  await kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  if (waitReady) {
    await kubectl([
      'wait',
      '--for=condition=Available',
      '--timeout=120s',
      '-n',
      namespace,
      ...WMS_APPS.map((app) => `deployment/${app}`),
    ]);
  }
  return { namespace, secretValues, logDir };
}

export function deployment(
  app: WmsApp,
  namespace: string,
  overrides: { image?: string; replicas?: number; annotations?: Record<string, string> } = {},
) {
  const spec = apps[app];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app, namespace, labels: { app, 'app.kubernetes.io/part-of': 'wms' } },
    spec: {
      replicas: overrides.replicas ?? spec.replicas,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { app } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: {
          labels: { app },
          annotations: {
            'kwok.x-k8s.io/usage-cpu': spec.usage.cpu,
            'kwok.x-k8s.io/usage-memory': spec.usage.memory,
            ...(spec.lastTermination
              ? { 'runsheet.test/last-termination': spec.lastTermination }
              : {}),
            ...overrides.annotations,
          },
        },
        spec: {
          nodeName: KWOK_NODE,
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 5,
          containers: [
            {
              name: app,
              image: overrides.image ?? spec.image,
              ports: [{ name: app === 'mongodb' ? 'mongodb' : 'http', containerPort: spec.port }],
              env: [{ name: 'TASK_QUEUE', value: TASK_QUEUE }],
              resources: spec.resources,
            },
          ],
        },
      },
    },
  };
}

function service(app: WmsApp, namespace: string) {
  const spec = apps[app];
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: app, namespace, labels: { app } },
    spec: {
      selector: { app },
      ports: [
        {
          name: app === 'mongodb' ? 'mongodb' : 'http',
          port: spec.servicePort,
          targetPort: app === 'mongodb' ? 'mongodb' : 'http',
          protocol: 'TCP',
        },
      ],
    },
  };
}
