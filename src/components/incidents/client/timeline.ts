import type { AuditRecord } from '../../../../server/audit/record.ts';
import { h, time, type Child } from '../../runbook/client/dom.ts';
import { markdownView } from './markdown.ts';

/** One record of the incident's timeline, as a list item; ad-hoc cells offer "Add to runbook". */
export function timelineItem(
  record: AuditRecord,
  addToRunbook: (record: AuditRecord) => void,
): HTMLElement {
  const what = describe(record);
  const item = h(
    'li',
    {
      class: `rs-timeline-item rs-kind-${record.kind.replace('.', '-')}`,
      'data-kind': record.kind,
    },
    h('p', {}, time(record.at), ' ', h('strong', {}, record.actor), ' ', what),
  );
  if (record.kind === 'note.added')
    item.append(markdownView((record.input as { text: string }).text));
  if (record.kind === 'started' && record.adhoc) {
    const button = h('button', { type: 'button', class: 'rs-cancel-button' }, 'Add to runbook');
    button.addEventListener('click', () => addToRunbook(record));
    item.append(button);
  }
  return item;
}

function describe(record: AuditRecord): Child[] {
  const typed = (run: AuditRecord): Child =>
    run.line ? h('code', {}, run.line) : h('code', {}, run.action);
  switch (record.kind) {
    case 'started':
      return record.adhoc
        ? ['ran ad hoc ', typed(record), ` (${record.risk})`]
        : ['ran ', h('code', {}, record.action), ` from ${record.page ?? 'a runbook'}`];
    case 'finished':
      return [
        typed(record),
        ` ${record.outcome}`,
        record.error ? `: ${record.error.message}` : '',
        record.durationMs === null ? '' : ` (${record.durationMs} ms)`,
      ];
    case 'note.added':
      return ['wrote a note'];
    case 'cell.promoted': {
      const { page, section } = record.input as { page: string; section: string };
      return [`turned a cell into a step of ${page} › ${section}`];
    }
    case 'approval.requested':
      return [`asked for a second admin's approval: ${record.runId}`];
    case 'approval.granted':
      return [`approved ${record.runId}`];
    case 'approval.used':
      return [`ran with approval ${record.runId}`];
    case 'incident.opened':
      return ['opened the incident'];
    case 'incident.closed':
      return ['closed the incident'];
    default:
      return [record.kind];
  }
}
