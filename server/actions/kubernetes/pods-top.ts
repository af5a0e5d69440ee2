import type { V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import { isObjectNotFound } from '../../targets/kubernetes-errors.ts';
import { defineAction } from '../define-action.ts';
import { formatBytes, formatCpu, parseQuantity } from './shared/quantity.ts';
import { labelSelectorSchema, namespaceSchema, podNameSchema } from './shared/schemas.ts';

interface PodMetrics {
  metadata: { name: string };
  timestamp: string;
  window: string;
  containers: { name: string; usage: { cpu: string; memory: string } }[];
}

export interface PodUsage {
  name: string;
  /** Usage now, in cores and bytes, and as kubectl top prints it. */
  cpuCores: number;
  cpu: string;
  memoryBytes: number;
  memory: string;
  /** Share of the pod's limits in use (0.9 = 90 %), or null where a container has no limit. */
  cpuOfLimit: number | null;
  memoryOfLimit: number | null;
  containers: {
    name: string;
    cpu: string;
    memory: string;
    cpuLimit: string | null;
    memoryLimit: string | null;
  }[];
  /** When metrics-server sampled it, over which window. */
  timestamp: string;
  window: string;
}

export default defineAction({
  id: 'kubernetes.pods.top',
  title: 'Pod CPU and memory',
  summary:
    'CPU and memory in use by one pod or the pods a selector matches (kubectl top pod), with the share of their limits, highest memory first.',
  risk: 'read',
  input: z
    .strictObject({
      namespace: namespaceSchema.optional(),
      selector: labelSelectorSchema.optional(),
      pod: podNameSchema.optional(),
    })
    .refine((value) => !(value.pod && value.selector), {
      message: 'name a pod or give a selector, not both',
      path: ['selector'],
    }),
  async run(ctx, { namespace, selector, pod }) {
    const kubernetes = ctx.targets.kubernetes;
    return kubernetes.call(
      ctx,
      async (kube) => {
        const ns = namespace ?? kube.namespace;
        // The pods first: their limits, and a plain "not found" for a pod that is not there.
        const pods = pod
          ? [await kube.core.readNamespacedPod({ name: pod, namespace: ns })]
          : (
              await kube.core.listNamespacedPod({
                namespace: ns,
                ...(selector ? { labelSelector: selector } : {}),
              })
            ).items;
        const specs = new Map(pods.map((item) => [item.metadata!.name!, item]));
        const metrics = pod
          ? await kube.custom
              .getNamespacedCustomObject({
                group: 'metrics.k8s.io',
                version: 'v1beta1',
                namespace: ns,
                plural: 'pods',
                name: pod,
              })
              // The pod exists (read above): no metrics for it means not sampled yet, said below.
              .then(
                (entry) => [entry as PodMetrics],
                (error: unknown) => {
                  if (isObjectNotFound(error)) return [];
                  throw error;
                },
              )
          : (
              (await kube.custom.listNamespacedCustomObject({
                group: 'metrics.k8s.io',
                version: 'v1beta1',
                namespace: ns,
                plural: 'pods',
                ...(selector ? { labelSelector: selector } : {}),
              })) as { items: PodMetrics[] }
            ).items;
        const usage = metrics
          .map((entry) => usageOf(entry, specs.get(entry.metadata.name)))
          .sort((a, b) => b.memoryBytes - a.memoryBytes);
        // Pods metrics-server has not sampled yet (just started) are named rather than dropped.
        const sampled = new Set(metrics.map((entry) => entry.metadata.name));
        const notSampledYet = [...specs.keys()].filter((name) => !sampled.has(name)).sort();
        return { namespace: ns, selector: selector ?? null, pods: usage, notSampledYet };
      },
      { api: 'metrics' },
    );
  },
});

function usageOf(metrics: PodMetrics, pod: V1Pod | undefined): PodUsage {
  const containers = metrics.containers.map((container) => {
    const limits = pod?.spec?.containers.find((spec) => spec.name === container.name)?.resources
      ?.limits;
    return {
      name: container.name,
      cpuCores: parseQuantity(container.usage.cpu) ?? 0,
      memoryBytes: parseQuantity(container.usage.memory) ?? 0,
      cpuLimit: limits?.['cpu'] ?? null,
      memoryLimit: limits?.['memory'] ?? null,
    };
  });
  const cpuCores = sum(containers.map((container) => container.cpuCores));
  const memoryBytes = sum(containers.map((container) => container.memoryBytes));
  const share = (used: number, limits: (string | null)[]) =>
    limits.length > 0 && limits.every((limit) => limit !== null)
      ? round(used / sum(limits.map((limit) => parseQuantity(limit!) ?? 0)))
      : null;
  return {
    name: metrics.metadata.name,
    cpuCores,
    cpu: formatCpu(cpuCores),
    memoryBytes,
    memory: formatBytes(memoryBytes),
    cpuOfLimit: share(
      cpuCores,
      containers.map((container) => container.cpuLimit),
    ),
    memoryOfLimit: share(
      memoryBytes,
      containers.map((container) => container.memoryLimit),
    ),
    containers: containers.map((container) => ({
      name: container.name,
      cpu: formatCpu(container.cpuCores),
      memory: formatBytes(container.memoryBytes),
      cpuLimit: container.cpuLimit,
      memoryLimit: container.memoryLimit,
    })),
    timestamp: metrics.timestamp,
    window: metrics.window,
  };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
