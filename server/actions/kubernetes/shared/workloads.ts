import type {
  V1Deployment,
  V1ObjectMeta,
  V1PodTemplateSpec,
  V1ReplicaSet,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { shortAge } from './pods.ts';
import { selectorString } from './selectors.ts';

/** The columns kubectl get prints for workloads, as JSON (`-o wide` included). */

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

export interface ContainerImage {
  container: string;
  image: string;
}

interface Common {
  namespace: string;
  name: string;
  /** kubectl's short form (45s, 12m, 3h, 2d), and the seconds behind it. */
  age: string;
  ageSeconds: number;
  images: ContainerImage[];
  selector: string;
  labels: Record<string, string>;
}

export interface DeploymentSummary extends Common {
  /** kubectl's READY: available over desired, e.g. "2/3". */
  ready: string;
  replicas: number;
  upToDate: number;
  available: number;
  revision: number | null;
  paused: boolean;
}

export interface ReplicaSetSummary extends Common {
  desired: number;
  current: number;
  ready: number;
  /** The deployment that owns it, if any. */
  owner: string | null;
  revision: number | null;
}

export interface StatefulSetSummary extends Common {
  /** kubectl's READY: ready over desired, e.g. "1/1". */
  ready: string;
  replicas: number;
  serviceName: string | null;
}

export function templateImages(template: V1PodTemplateSpec | undefined): ContainerImage[] {
  return (template?.spec?.containers ?? []).map((container) => ({
    container: container.name,
    image: container.image ?? '',
  }));
}

function common(
  metadata: V1ObjectMeta | undefined,
  template: V1PodTemplateSpec | undefined,
  selector: Parameters<typeof selectorString>[0],
  now: number,
): Common {
  const created = metadata?.creationTimestamp
    ? new Date(metadata.creationTimestamp).getTime()
    : now;
  const ageSeconds = Math.max(0, Math.round((now - created) / 1000));
  return {
    namespace: metadata?.namespace ?? '',
    name: metadata?.name ?? '',
    age: shortAge(ageSeconds),
    ageSeconds,
    images: templateImages(template),
    selector: selectorString(selector),
    labels: metadata?.labels ?? {},
  };
}

export function revisionOf(metadata: V1ObjectMeta | undefined): number | null {
  const revision = Number(metadata?.annotations?.[REVISION_ANNOTATION]);
  return Number.isInteger(revision) && revision > 0 ? revision : null;
}

export function summarizeDeployment(deployment: V1Deployment, now = Date.now()): DeploymentSummary {
  const replicas = deployment.spec?.replicas ?? 1;
  const available = deployment.status?.availableReplicas ?? 0;
  return {
    ...common(deployment.metadata, deployment.spec?.template, deployment.spec?.selector, now),
    ready: `${deployment.status?.readyReplicas ?? 0}/${replicas}`,
    replicas,
    upToDate: deployment.status?.updatedReplicas ?? 0,
    available,
    revision: revisionOf(deployment.metadata),
    paused: deployment.spec?.paused ?? false,
  };
}

export function summarizeReplicaSet(rs: V1ReplicaSet, now = Date.now()): ReplicaSetSummary {
  const owner = rs.metadata?.ownerReferences?.find((reference) => reference.controller);
  return {
    ...common(rs.metadata, rs.spec?.template, rs.spec?.selector, now),
    desired: rs.spec?.replicas ?? 1,
    current: rs.status?.replicas ?? 0,
    ready: rs.status?.readyReplicas ?? 0,
    owner: owner?.kind === 'Deployment' ? owner.name : null,
    revision: revisionOf(rs.metadata),
  };
}

export function summarizeStatefulSet(set: V1StatefulSet, now = Date.now()): StatefulSetSummary {
  const replicas = set.spec?.replicas ?? 1;
  return {
    ...common(set.metadata, set.spec?.template, set.spec?.selector, now),
    ready: `${set.status?.readyReplicas ?? 0}/${replicas}`,
    replicas,
    serviceName: set.spec?.serviceName || null,
  };
}

/** Namespace, then name: the order kubectl get -A prints. */
export function byNamespaceAndName<T extends { namespace: string; name: string }>(a: T, b: T) {
  return a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
}

/** The ReplicaSets a deployment controls (not merely ones its selector happens to match). */
export function ownedBy(deployment: V1Deployment, replicaSets: V1ReplicaSet[]): V1ReplicaSet[] {
  return replicaSets.filter((rs) =>
    rs.metadata?.ownerReferences?.some(
      (owner) => owner.controller && owner.uid === deployment.metadata?.uid,
    ),
  );
}
