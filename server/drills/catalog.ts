import type { Actor } from '../auth/actor.ts';
import { drillsRefusal } from '../auth/policy.ts';
import { ActionError } from '../errors.ts';
import type { Targets } from '../targets/targets.ts';
import type { Drill, DrillContext, DrillTarget } from './define-drill.ts';
import { drills, findDrill } from './registry.ts';

const targetNames: Record<DrillTarget, string> = {
  temporal: 'Temporal (temporal.address)',
  kubernetes: 'Kubernetes (kubernetes.*)',
  mongo: 'MongoDB (mongo.uri)',
};

/** Why this drill cannot run on this backend, or null when it can. */
export function unavailableBecause(
  drill: Drill,
  targets: Targets,
  environment: string,
): string | null {
  const refusal = drillsRefusal(environment);
  if (refusal) return refusal;
  const missing = drill.needs.filter((name) => !targets[name].configured);
  return missing.length === 0
    ? null
    : `It injects into ${missing.map((name) => targetNames[name]).join(' and ')}, which this backend has no target for.`;
}

/** What GET /api/drills answers: every drill, and whether it runs here. */
export function describeDrills(targets: Targets, environment: string) {
  return drills.map((drill) => {
    const reason = unavailableBecause(drill, targets, environment);
    return {
      id: drill.id,
      title: drill.title,
      summary: drill.summary,
      runbook: drill.runbook,
      needs: drill.needs,
      available: reason === null,
      unavailableBecause: reason,
    };
  });
}

/** The drill to start, refused with the reason when its targets are missing here. */
export function availableDrill(id: string, targets: Targets, environment: string): Drill {
  const drill = findDrill(id);
  if (!drill) {
    throw new ActionError('not_found', `There is no drill "${id}".`, {
      hint: `GET /api/drills lists the drills: ${drills.map((d) => d.id).join(', ')}.`,
    });
  }
  const reason = unavailableBecause(drill, targets, environment);
  if (reason) {
    throw new ActionError('target_not_configured', `${drill.title} cannot run here. ${reason}`, {
      hint: 'GET /api/drills says which drills this backend can run.',
    });
  }
  return drill;
}

/** The sandbox as a drill sees it: Temporal under the trainee's name, the demo worker's queue. */
export function drillContext(
  targets: Targets,
  taskQueue: string,
  actor: Actor,
  signal: AbortSignal,
): DrillContext {
  return {
    temporal: (fn) => targets.temporal.call({ signal, actor }, fn),
    kubernetes: (fn) => targets.kubernetes.call({ signal, actor }, fn),
    mongo: (fn) => targets.mongo.call({ signal }, fn),
    taskQueue,
    signal,
  };
}
