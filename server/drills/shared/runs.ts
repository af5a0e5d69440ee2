import type { AuditRecord } from '../../audit/record.ts';
import type { Mistake } from '../define-drill.ts';

/** The workflow a run acted on, when its input names one. */
export function workflowOf(run: AuditRecord): string | null {
  const input = run.input as { workflowId?: unknown } | null;
  return typeof input?.workflowId === 'string' ? input.workflowId : null;
}

/** Runs of these actions that went through on one of these workflows. */
export function succeededOn(
  runs: AuditRecord[],
  actions: string[],
  workflowIds: string[],
): AuditRecord[] {
  return runs.filter(
    (run) =>
      run.outcome === 'succeeded' &&
      actions.includes(run.action) &&
      workflowIds.includes(workflowOf(run) ?? ''),
  );
}

/** What a run acted on: the workflow or the deployment its input names. */
function targetOf(run: AuditRecord): string {
  const input = run.input as { name?: unknown } | null;
  return workflowOf(run) ?? (typeof input?.name === 'string' ? input.name : 'its target');
}

/** Each run becomes a mistake with the same explanation, prefixed with what was done. */
export function mistakesOf(runs: AuditRecord[], why: string): Mistake[] {
  return runs.map((run) => ({
    runId: run.runId,
    message: `${run.action} on ${targetOf(run)}: ${why}`,
  }));
}

/** A batch terminate in a drill is always a mistake: it stops every matching workflow, not the one. */
export function batchMistakes(runs: AuditRecord[]): Mistake[] {
  return runs
    .filter((run) => run.outcome === 'succeeded' && run.action === 'temporal.batch.terminate')
    .map((run) => ({
      runId: run.runId,
      message:
        'temporal.batch.terminate: a batch termination stops every workflow it matches, when one workflow was the problem.',
    }));
}
