import type { AuditRecord } from '../../../../server/audit/record.ts';

/** One run, from its `started` and `finished` records (a run still going has only the first). */
export interface AuditRun {
  runId: string;
  started: AuditRecord;
  finished: AuditRecord | undefined;
}

export function groupRuns(records: AuditRecord[]): AuditRun[] {
  const runs = new Map<string, AuditRun>();
  for (const record of [...records].sort((a, b) => a.seq - b.seq)) {
    if (record.kind === 'started')
      runs.set(record.runId, { runId: record.runId, started: record, finished: undefined });
    if (record.kind === 'finished') {
      const run = runs.get(record.runId);
      if (run) run.finished = record;
      else
        runs.set(record.runId, {
          runId: record.runId,
          started: { ...record, kind: 'started' },
          finished: record,
        });
    }
  }
  return [...runs.values()].sort((a, b) => b.started.seq - a.started.seq);
}

export function targetOf(record: AuditRecord): string {
  const input = (record.input ?? {}) as Record<string, unknown>;
  const value = input['workflowId'] ?? input['query'] ?? input['name'] ?? input['collection'] ?? '';
  return String(value);
}

/**
 * What a spreadsheet would take for a formula: a cell starting with = + - @, or with a tab or
 * carriage return (which some strip before looking).
 */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * One CSV cell. Reasons, inputs and error messages are typed by anyone who may run a step: a
 * formula among them gets a leading apostrophe, so the export opens as text and runs nothing.
 */
const csvCell = (value: unknown) => {
  const raw = value === null || value === undefined ? '' : String(value);
  const text = formulaStart.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function toCsv(runs: AuditRun[]): string {
  const header = [
    'started',
    'actor',
    'environment',
    'action',
    'target',
    'risk',
    'outcome',
    'durationMs',
    'reason',
    'incident',
    'page',
    'step',
    'error',
    'runId',
    // The X-Request-Id of the HTTP request that made the run: finds its lines in the server log.
    'requestId',
  ];
  const rows = runs.map(({ started, finished, runId }) =>
    [
      started.at,
      started.actor,
      started.environment,
      started.action,
      targetOf(started),
      started.risk,
      finished?.outcome ?? 'running',
      finished?.durationMs,
      started.reason,
      started.incidentId,
      started.page,
      started.step,
      finished?.error?.message,
      runId,
      started.requestId,
    ].map(csvCell),
  );
  return [header, ...rows].map((row) => row.join(',')).join('\n') + '\n';
}

export function toMarkdown(runs: AuditRun[], title: string): string {
  const cell = (text: unknown) => String(text ?? '—').replace(/\|/g, '\\|');
  const lines = [
    `# ${title}`,
    '',
    '| Time (UTC) | Who | What | Risk | Outcome | Reason |',
    '| --- | --- | --- | --- | --- | --- |',
    ...[...runs]
      .reverse()
      .map(
        ({ started, finished }) =>
          `| ${[
            started.at,
            started.actor,
            `${started.action} ${targetOf(started)}`,
            started.risk,
            finished?.outcome ?? 'running',
            started.reason,
          ]
            .map(cell)
            .join(' | ')} |`,
      ),
    '',
  ];
  return lines.join('\n');
}
