import type { V1Container, V1EnvVar, V1ObjectMeta, V1PodSpec } from '@kubernetes/client-node';

/** Parts of kubectl describe shared by its deployment and pod views, as JSON. */

export interface ContainerSpec {
  name: string;
  image: string;
  ports: string[];
  command: string[];
  args: string[];
  requests: Record<string, string>;
  limits: Record<string, string>;
  /**
   * Variable names and where each comes from. Literal values are left out on purpose: runbooks
   * put passwords in them, and no secret value may reach the browser or the trail.
   */
  env: { name: string; from: string }[];
  mounts: string[];
  probes: { liveness: string | null; readiness: string | null; startup: string | null };
}

export interface Condition {
  type: string;
  status: string;
  reason: string | null;
  message: string | null;
  lastTransition: string | null;
}

export function describeMeta(metadata: V1ObjectMeta | undefined) {
  return {
    name: metadata?.name ?? '',
    namespace: metadata?.namespace ?? '',
    createdAt: metadata?.creationTimestamp
      ? new Date(metadata.creationTimestamp).toISOString()
      : null,
    labels: metadata?.labels ?? {},
    // The last-applied copy repeats the whole object (literal env values included): left out, as
    // kubectl describe leaves it out.
    annotations: Object.fromEntries(
      Object.entries(metadata?.annotations ?? {}).filter(
        ([key]) => key !== 'kubectl.kubernetes.io/last-applied-configuration',
      ),
    ),
  };
}

export function describeContainers(spec: V1PodSpec | undefined): ContainerSpec[] {
  return (spec?.containers ?? []).map(describeContainer);
}

function describeContainer(container: V1Container): ContainerSpec {
  return {
    name: container.name,
    image: container.image ?? '',
    ports: (container.ports ?? []).map(
      (port) =>
        `${port.containerPort}/${port.protocol ?? 'TCP'}${port.name ? ` (${port.name})` : ''}`,
    ),
    command: container.command ?? [],
    args: container.args ?? [],
    requests: quantities(container.resources?.requests),
    limits: quantities(container.resources?.limits),
    env: (container.env ?? []).map((variable) => ({
      name: variable.name,
      from: envSource(variable),
    })),
    mounts: (container.volumeMounts ?? []).map(
      (mount) => `${mount.mountPath} from ${mount.name}${mount.readOnly ? ' (ro)' : ' (rw)'}`,
    ),
    probes: {
      liveness: probe(container.livenessProbe),
      readiness: probe(container.readinessProbe),
      startup: probe(container.startupProbe),
    },
  };
}

function quantities(list: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(list ?? {}).map(([key, value]) => [key, String(value)]));
}

function envSource(variable: V1EnvVar): string {
  const from = variable.valueFrom;
  if (from?.secretKeyRef) return `secret ${from.secretKeyRef.name}/${from.secretKeyRef.key}`;
  if (from?.configMapKeyRef) {
    return `configmap ${from.configMapKeyRef.name}/${from.configMapKeyRef.key}`;
  }
  if (from?.fieldRef) return `field ${from.fieldRef.fieldPath}`;
  if (from?.resourceFieldRef) return `resource ${from.resourceFieldRef.resource}`;
  return 'literal (value not shown)';
}

function probe(spec: V1Container['livenessProbe']): string | null {
  if (!spec) return null;
  const action = spec.httpGet
    ? `http-get ${spec.httpGet.path ?? '/'} port ${spec.httpGet.port}`
    : spec.tcpSocket
      ? `tcp-socket port ${spec.tcpSocket.port}`
      : spec.exec
        ? `exec ${(spec.exec.command ?? []).join(' ')}`
        : spec.grpc
          ? `grpc port ${spec.grpc.port}`
          : 'unknown';
  return `${action} delay=${spec.initialDelaySeconds ?? 0}s timeout=${spec.timeoutSeconds ?? 1}s period=${spec.periodSeconds ?? 10}s #failure=${spec.failureThreshold ?? 3}`;
}

export function describeConditions(
  conditions:
    | {
        type: string;
        status: string;
        reason?: string;
        message?: string;
        lastTransitionTime?: Date;
      }[]
    | undefined,
): Condition[] {
  return (conditions ?? []).map((condition) => ({
    type: condition.type,
    status: condition.status,
    reason: condition.reason ?? null,
    message: condition.message ?? null,
    lastTransition: condition.lastTransitionTime
      ? new Date(condition.lastTransitionTime).toISOString()
      : null,
  }));
}
