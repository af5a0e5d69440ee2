import type { AuditRecord } from '../audit/record.ts';
import type { Incident } from './incidents.ts';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const time = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

/** What a run did, in one line: the action and the object it acted on. */
function what(record: AuditRecord): string {
  const input = record.input as Record<string, unknown> | null;
  const target =
    input?.['workflowId'] ?? input?.['query'] ?? input?.['name'] ?? input?.['collection'];
  return target === undefined ? record.action : `${record.action} ${String(target)}`;
}

/** The run id, short, and the request that made it: the key to its lines in the server log. */
function runReference(run: AuditRecord): string {
  const id = run.runId.slice(0, 8);
  return run.requestId ? `${id} (request ${run.requestId})` : id;
}

/** Where the run came from: its runbook step, or the line typed ad hoc. */
function source(run: AuditRecord): string {
  if (run.adhoc) return `ad hoc: ${run.line ? `\`${run.line}\`` : 'action form'}`;
  return [run.page, run.step].filter(Boolean).join(' › ') || '—';
}

/**
 * The ad-hoc cells and what became of them: each one turned into a runbook step ("Add to
 * runbook"), or, when it did something useful and no step covers it yet, one that should.
 */
function adhocCells(runs: AuditRecord[], records: AuditRecord[]): string[] {
  const cells = runs.filter((run) => run.adhoc);
  if (!cells.length) return [];
  const promoted = new Map(
    records
      .filter((r) => r.kind === 'cell.promoted')
      .map((r) => [r.runId, r.input as { page: string; section: string }]),
  );
  return [
    '## Ad-hoc cells',
    '',
    ...cells.map((run) => {
      const step = promoted.get(run.runId);
      const typed = run.line ? `\`${run.line}\`` : what(run);
      const fate = step
        ? `became a step: ${step.page} › ${step.section}`
        : run.outcome === 'succeeded'
          ? 'should become a runbook step'
          : `${run.outcome}: not a step as it stands`;
      return `- ${time(run.at)} ${run.actor}: ${typed} (${run.risk}) — ${fate}`;
    }),
    '',
  ];
}

/** The notes, in order, as they were written (they are Markdown already). */
function notes(records: AuditRecord[]): string[] {
  const written = records.filter((record) => record.kind === 'note.added');
  if (!written.length) return [];
  return [
    '## Notes',
    '',
    ...written.flatMap((note) => [
      `### ${time(note.at)} — ${note.actor}`,
      '',
      (note.input as { text: string }).text,
      '',
    ]),
  ];
}

/** The incident, every run made while it was open, its notes and ad-hoc cells, as Markdown for the post-mortem. */
export function incidentTimeline(incident: Incident, records: AuditRecord[]): string {
  records = [...records].sort((a, b) => a.seq - b.seq);
  const runs = records.filter((record) => record.kind === 'finished');
  const lines = [
    `# ${incident.id}: ${incident.title}`,
    '',
    `- Severity: ${incident.severity}`,
    `- Environment: ${incident.environment}`,
    incident.ticket ? `- Ticket: ${incident.ticket}` : null,
    `- Opened: ${time(incident.openedAt)} by ${incident.openedBy}`,
    incident.closedAt
      ? `- Closed: ${time(incident.closedAt)} by ${incident.closedBy}`
      : '- Still open',
    incident.summary ? `\n${incident.summary}` : null,
    '',
    '## Timeline',
    '',
    '| Time (UTC) | Who | Runbook step | What | Risk | Outcome | Reason |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...runs
      .map((run) =>
        [
          time(run.at),
          run.actor,
          source(run),
          what(run),
          run.risk,
          `${run.outcome}${run.error ? `: ${run.error.message}` : ''} (${run.durationMs} ms)`,
          run.reason ?? '—',
        ]
          .map((value) => cell(String(value)))
          .join(' | '),
      )
      .map((row) => `| ${row} |`),
    '',
    `${runs.length} runs. Audit trail: run ids ${runs.map(runReference).join(', ') || 'none'}.`,
    '',
    ...adhocCells(runs, records),
    ...notes(records),
  ];
  return lines.filter((line) => line !== null).join('\n');
}
