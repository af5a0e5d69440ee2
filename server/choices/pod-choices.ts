import { findAction } from '../actions/registry.ts';
import type { Actor } from '../auth/actor.ts';
import type { PodSummary } from '../actions/kubernetes/shared/pods.ts';
import { authorize, scopeOf } from '../auth/policy.ts';
import { parseOrThrow } from '../validation.ts';
import type { RunDeps } from '../runs/execute-run.ts';

/** One value a `<pod-name>`-style page parameter can take, and what to show beside it. */
export interface Choice {
  value: string;
  note: string;
}

/**
 * The pods a `<pod-name>` parameter can name, for the page's picker: `kubernetes.pods.list`, under
 * the same policy, but not a runbook step, so not a run in the audit trail (like GET /api/me, it
 * only reads names and states).
 */
export async function podChoices(
  deps: Pick<RunDeps, 'targets' | 'log' | 'identity' | 'policy' | 'environment'>,
  actor: Actor,
  query: unknown,
  signal: AbortSignal,
): Promise<Choice[]> {
  const action = findAction('kubernetes.pods.list')!;
  const input = parseOrThrow(action.input, query, {
    what: 'pod choices query',
    hint: 'Optional: namespace, selector (e.g. app=mongodb).',
  });
  authorize(
    { actor, action, scope: scopeOf(action, input, deps.targets), environment: deps.environment },
    deps.identity,
    deps.policy,
  );
  const { pods } = (await action.run(
    {
      targets: deps.targets,
      signal,
      log: deps.log,
      actor,
      reason: undefined,
      progress: () => {},
      note: () => {},
    },
    input,
  )) as { pods: PodSummary[] };
  return pods.map((pod) => ({
    value: pod.name,
    note: `${pod.status} · ${pod.ready} ready · ${pod.restarts} restarts`,
  }));
}
