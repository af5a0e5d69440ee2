import type { V1ContainerState, V1ContainerStatus } from '@kubernetes/client-node';
import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import {
  describeConditions,
  describeContainers,
  describeMeta,
  type Condition,
  type ContainerSpec,
} from './shared/describe.ts';
import { eventsOf, type KubeEvent } from './shared/events.ts';
import { summarizePod } from './shared/pods.ts';
import { namespaceSchema, podNameSchema } from './shared/schemas.ts';

/** A container state as kubectl describe words it: Running, Waiting (CrashLoopBackOff), Terminated (OOMKilled, exit 137). */
export interface ContainerState {
  state: 'Running' | 'Waiting' | 'Terminated' | 'Unknown';
  reason: string | null;
  message: string | null;
  exitCode: number | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface PodContainer extends ContainerSpec {
  init: boolean;
  ready: boolean;
  restartCount: number;
  current: ContainerState | null;
  lastState: ContainerState | null;
}

export interface PodDescription extends ReturnType<typeof describeMeta> {
  node: string | null;
  startTime: string | null;
  /** kubectl's STATUS column (CrashLoopBackOff, OOMKilled, Terminating…), then the phase. */
  status: string;
  phase: string;
  reason: string | null;
  message: string | null;
  ip: string | null;
  controlledBy: string | null;
  qosClass: string | null;
  serviceAccount: string | null;
  containers: PodContainer[];
  conditions: Condition[];
  volumes: string[];
  nodeSelector: Record<string, string>;
  tolerations: string[];
  events: KubeEvent[];
}

export default defineAction({
  id: 'kubernetes.pod.describe',
  title: 'Describe pod',
  summary:
    'One pod as kubectl describe pod shows it: node, status, IP, controller, each container’s image, state, last state (OOMKilled…), restarts, resources and probes, conditions, volumes, events.',
  risk: 'read',
  input: z.strictObject({ namespace: namespaceSchema.optional(), name: podNameSchema }),
  async run(ctx, { namespace, name }): Promise<PodDescription> {
    return ctx.targets.kubernetes.call(ctx, async (kube) => {
      const ns = namespace ?? kube.namespace;
      const pod = await kube.core.readNamespacedPod({ name, namespace: ns });
      const events = await eventsOf((query) => kube.core.listNamespacedEvent(query), {
        kind: 'Pod',
        namespace: ns,
        name,
        uid: pod.metadata?.uid,
      });
      const statuses = [
        ...(pod.status?.initContainerStatuses ?? []),
        ...(pod.status?.containerStatuses ?? []),
      ];
      const withStatus = (spec: ContainerSpec, init: boolean): PodContainer => {
        const status = statuses.find((candidate) => candidate.name === spec.name);
        return { ...spec, init, ...containerStatus(status) };
      };
      const owner = pod.metadata?.ownerReferences?.find((reference) => reference.controller);
      const summary = summarizePod(pod);
      return {
        ...describeMeta(pod.metadata),
        node: pod.spec?.nodeName ?? null,
        startTime: pod.status?.startTime ? new Date(pod.status.startTime).toISOString() : null,
        status: summary.status,
        phase: summary.phase,
        reason: pod.status?.reason ?? null,
        message: pod.status?.message ?? null,
        ip: pod.status?.podIP ?? null,
        controlledBy: owner ? `${owner.kind}/${owner.name}` : null,
        qosClass: pod.status?.qosClass ?? null,
        serviceAccount: pod.spec?.serviceAccountName ?? null,
        containers: [
          ...describeContainers({ containers: pod.spec?.initContainers ?? [] }).map((spec) =>
            withStatus(spec, true),
          ),
          ...describeContainers(pod.spec).map((spec) => withStatus(spec, false)),
        ],
        conditions: describeConditions(pod.status?.conditions),
        volumes: (pod.spec?.volumes ?? []).map((volume) => volume.name),
        nodeSelector: pod.spec?.nodeSelector ?? {},
        tolerations: (pod.spec?.tolerations ?? []).map(
          // kubectl's form: node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
          (toleration) =>
            [
              toleration.key ?? '',
              toleration.value ? `=${toleration.value}` : '',
              toleration.effect ? `:${toleration.effect}` : '',
              toleration.operator === 'Exists' ? ' op=Exists' : '',
              toleration.tolerationSeconds ? ` for ${toleration.tolerationSeconds}s` : '',
            ].join(''),
        ),
        events,
      };
    });
  },
});

function containerStatus(status: V1ContainerStatus | undefined) {
  return {
    ready: status?.ready ?? false,
    restartCount: status?.restartCount ?? 0,
    current: state(status?.state),
    lastState: state(status?.lastState),
  };
}

function state(value: V1ContainerState | undefined): ContainerState | null {
  const iso = (time: Date | undefined) => (time ? new Date(time).toISOString() : null);
  if (value?.running) {
    return {
      state: 'Running',
      reason: null,
      message: null,
      exitCode: null,
      startedAt: iso(value.running.startedAt),
      finishedAt: null,
    };
  }
  if (value?.waiting) {
    return {
      state: 'Waiting',
      reason: value.waiting.reason ?? null,
      message: value.waiting.message ?? null,
      exitCode: null,
      startedAt: null,
      finishedAt: null,
    };
  }
  if (value?.terminated) {
    const ended = value.terminated;
    return {
      state: 'Terminated',
      reason: ended.reason ?? null,
      message: ended.message ?? null,
      exitCode: ended.exitCode,
      startedAt: iso(ended.startedAt),
      finishedAt: iso(ended.finishedAt),
    };
  }
  return null;
}
