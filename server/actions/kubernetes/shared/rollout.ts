import type { V1Deployment } from '@kubernetes/client-node';

export interface RolloutState {
  /** complete: every replica updated and available; failed: past its progress deadline. */
  state: 'progressing' | 'complete' | 'failed';
  /** kubectl rollout status's own words, e.g. "1 of 3 updated replicas are available". */
  message: string;
  replicas: number;
  updated: number;
  available: number;
  /** Replicas of the old template still running. */
  old: number;
  revision: string | null;
}

/** Where a deployment's rollout stands, judged as `kubectl rollout status` does. */
export function rolloutState(deployment: V1Deployment): RolloutState {
  const name = deployment.metadata?.name ?? '';
  const status = deployment.status ?? {};
  const desired = deployment.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const base = {
    replicas: desired,
    updated,
    available,
    old: Math.max(0, total - updated),
    revision: deployment.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? null,
  };
  if ((deployment.metadata?.generation ?? 0) > (status.observedGeneration ?? 0)) {
    return {
      ...base,
      state: 'progressing',
      message: 'Waiting for deployment spec update to be observed',
    };
  }
  const progressing = status.conditions?.find((condition) => condition.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      ...base,
      state: 'failed',
      message:
        `deployment "${name}" exceeded its progress deadline: ${progressing.message ?? ''}`.trim(),
    };
  }
  if (updated < desired) {
    return {
      ...base,
      state: 'progressing',
      message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${desired} new replicas have been updated`,
    };
  }
  if (total > updated) {
    return {
      ...base,
      state: 'progressing',
      message: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination`,
    };
  }
  if (available < updated) {
    return {
      ...base,
      state: 'progressing',
      message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available`,
    };
  }
  return { ...base, state: 'complete', message: `deployment "${name}" successfully rolled out` };
}
