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

/** The incident and every run made while it was open, as Markdown for the post-mortem. */
export function incidentTimeline(incident: Incident, records: AuditRecord[]): string {
  const runs = records.filter((record) => record.kind === 'finished').sort((a, b) => a.seq - b.seq);
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
          [run.page, run.step].filter(Boolean).join(' › ') || '—',
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
  ];
  return lines.filter((line) => line !== null).join('\n');
}
