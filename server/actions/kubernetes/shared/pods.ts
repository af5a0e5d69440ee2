import type { V1Pod } from '@kubernetes/client-node';
import { ActionError } from '../../../errors.ts';
import type { KubeApi } from '../../../targets/kubernetes.ts';

/** One pod as `kubectl get pods` shows it, plus why its container last stopped. */
export interface PodSummary {
  namespace: string;
  name: string;
  /** kubectl's STATUS column: Running, Pending, CrashLoopBackOff, OOMKilled, Terminating… */
  status: string;
  phase: string;
  /** Ready containers over all containers, e.g. "1/1". */
  ready: string;
  isReady: boolean;
  restarts: number;
  /** Seconds since the pod was created, and kubectl's short form (45s, 12m, 3h, 2d). */
  ageSeconds: number;
  age: string;
  /** The most recent container termination, e.g. { reason: "OOMKilled", exitCode: 137 }. */
  lastTermination: {
    container: string;
    reason: string | null;
    exitCode: number;
    finishedAt: string | null;
  } | null;
  node: string | null;
  podIP: string | null;
  containers: string[];
  createdAt: string | null;
}

export function summarizePod(pod: V1Pod, now = Date.now()): PodSummary {
  const statuses = pod.status?.containerStatuses ?? [];
  const containers = pod.spec?.containers.map((container) => container.name) ?? [];
  const readyCount = statuses.filter((status) => status.ready).length;
  const created = pod.metadata?.creationTimestamp
    ? new Date(pod.metadata.creationTimestamp)
    : undefined;
  const ageSeconds = created ? Math.max(0, Math.round((now - created.getTime()) / 1000)) : 0;
  const terminations = statuses
    .map((status) => ({ container: status.name, terminated: status.lastState?.terminated }))
    .filter((entry) => entry.terminated)
    .sort((a, b) => time(b.terminated!.finishedAt) - time(a.terminated!.finishedAt));
  const last = terminations[0];
  return {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    status: kubectlStatus(pod),
    phase: pod.status?.phase ?? 'Unknown',
    ready: `${readyCount}/${containers.length}`,
    isReady: isPodReady(pod),
    restarts: statuses.reduce((sum, status) => sum + status.restartCount, 0),
    ageSeconds,
    age: shortAge(ageSeconds),
    lastTermination: last
      ? {
          container: last.container,
          reason: last.terminated!.reason ?? null,
          exitCode: last.terminated!.exitCode,
          finishedAt: iso(last.terminated!.finishedAt),
        }
      : null,
    node: pod.spec?.nodeName ?? null,
    podIP: pod.status?.podIP ?? null,
    containers,
    createdAt: created ? created.toISOString() : null,
  };
}

export function isPodReady(pod: V1Pod): boolean {
  return Boolean(
    !pod.metadata?.deletionTimestamp &&
    pod.status?.conditions?.some(
      (condition) => condition.type === 'Ready' && condition.status === 'True',
    ),
  );
}

/** kubectl's STATUS: the most telling reason among the pod's and its containers'. */
function kubectlStatus(pod: V1Pod): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  if (pod.status?.reason) return pod.status.reason;
  for (const status of pod.status?.containerStatuses ?? []) {
    const reason = status.state?.waiting?.reason ?? status.state?.terminated?.reason;
    if (reason) return reason;
  }
  return pod.status?.phase ?? 'Unknown';
}

/** The container kubectl picks when none is named: the annotated default, else the first. */
export function defaultContainer(pod: V1Pod): string {
  const annotated = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  const names = pod.spec?.containers.map((container) => container.name) ?? [];
  if (annotated && names.includes(annotated)) return annotated;
  return names[0] ?? '';
}

/** The pods a step is about: one by name, or every pod a label selector matches. */
export async function findPods(
  kube: KubeApi,
  namespace: string,
  target: { pod?: string | undefined; selector?: string | undefined },
): Promise<V1Pod[]> {
  if (target.pod) return [await kube.core.readNamespacedPod({ name: target.pod, namespace })];
  const list = await kube.core.listNamespacedPod({
    namespace,
    ...(target.selector ? { labelSelector: target.selector } : {}),
  });
  if (list.items.length === 0) {
    throw new ActionError(
      'not_found',
      `No pods match the selector ${target.selector} in namespace ${namespace}.`,
      {
        hint: 'Check the selector (e.g. app=orchestrator-worker) and the namespace; kubernetes.pods.list shows what is there.',
      },
    );
  }
  return list.items.sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

export function shortAge(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 3600 * 2) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400 * 2) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

function time(value: Date | string | undefined): number {
  return value ? new Date(value).getTime() : 0;
}

function iso(value: Date | string | undefined): string | null {
  return value ? new Date(value).toISOString() : null;
}
