import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { AuditStore } from '../audit/audit-store.ts';
import { appendEvent } from '../audit/events.ts';
import { ActionError } from '../errors.ts';
import { findIncident } from '../incidents/incidents.ts';
import { afterFrontmatter, headingsOf, readRunbookSource } from './runbook-sources.ts';
import { stepMdx } from './step-mdx.ts';
import { insertions, unifiedDiff } from './unified-diff.ts';

const RUN_IMPORT = "import Run from '../../components/runbook/Run.astro';";

export const promoteSchema = z.strictObject({
  /** The runbook page, e.g. `runbooks/stuck-workflow-recovery` (GET /api/runbooks/sources). */
  page: z.string().min(1).max(300),
  /** The heading the step goes under, as written, e.g. `Diagnosis`. */
  section: z.string().min(1).max(300),
});

export interface Promotion {
  runId: string;
  page: string;
  section: string;
  /** The page's source file, from the repository root. */
  file: string;
  /** The step's MDX. */
  mdx: string;
  /** Against `file`: `git apply` takes it. */
  diff: string;
  placeholders: string[];
}

/**
 * "Add to runbook": the MDX step for an ad-hoc cell, and the diff that puts it at the end of a
 * section of a runbook's source. Nothing is written to the file: the diff is for a person to
 * review and commit. That it was offered is recorded on the incident, for the post-mortem.
 */
export async function promoteCell(
  deps: { audit: AuditStore; environment: string; runbookSources: string },
  actor: Actor,
  incidentId: string,
  runId: string,
  target: z.output<typeof promoteSchema>,
): Promise<Promotion> {
  const incident = await findIncident(deps.audit, deps.environment, incidentId);
  const run = (await deps.audit.list({ runId, limit: 10 })).find(
    (record) => record.kind === 'started' && record.incidentId === incident.id,
  );
  if (!run?.adhoc) {
    throw new ActionError('not_found', `There is no ad-hoc cell ${runId} on ${incident.id}.`, {
      hint: 'Add to runbook works on the cells typed on the incident page (runs from runbook pages are steps already).',
    });
  }
  const { source, text } = readRunbookSource(deps.runbookSources, target.page);
  const lines = text.replace(/\n$/, '').split('\n');
  const headings = headingsOf(lines);
  const heading = headings.find((candidate) => candidate.text === target.section);
  if (!heading) {
    throw new ActionError('not_found', `${source.title} has no section "${target.section}".`, {
      hint: `Its sections: ${source.sections.join(', ')}.`,
    });
  }
  const next = headings.find((h) => h.line > heading.line && h.level <= heading.level);
  let end = next ? next.line : lines.length;
  while (end > heading.line + 1 && !lines[end - 1]!.trim()) end -= 1;
  const step = stepMdx(run);
  const at = new Map<number, string[]>([[end, ['', ...step.lines]]]);
  if (step.usesRun && !lines.includes(RUN_IMPORT)) {
    const top = afterFrontmatter(lines);
    at.set(top, ['', RUN_IMPORT, ...(at.get(top) ?? [])]);
  }
  const diff = unifiedDiff(source.file, insertions(lines, at));
  await appendEvent(deps.audit, {
    kind: 'cell.promoted',
    id: runId,
    actor,
    environment: deps.environment,
    payload: { page: source.page, section: target.section, file: source.file },
    incidentId: incident.id,
  });
  return {
    runId,
    page: source.page,
    section: target.section,
    file: source.file,
    mdx: step.lines.join('\n'),
    diff,
    placeholders: step.placeholders,
  };
}
