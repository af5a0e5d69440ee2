import {
  applyFilters,
  grepRegExp,
  type OutputFilter,
} from '../../../../../server/steps/commands/filters.ts';
import { h, highlighted } from '../dom.ts';
import { textLines } from './text-lines.ts';

/** How a filter reads in the pipeline it came from. */
function describe(filter: OutputFilter): string {
  switch (filter.kind) {
    case 'grep':
      return `grep${filter.ignoreCase ? ' -i' : ''}${filter.invert ? ' -v' : ''}${filter.before ? ` -B${filter.before}` : ''}${filter.after ? ` -A${filter.after}` : ''} "${filter.pattern}"`;
    case 'head':
    case 'tail':
      return `${filter.kind} -${filter.lines}`;
    case 'count':
      return 'wc -l';
    case 'sort':
      return `sort${filter.key === null ? '' : ` -k${filter.key}`}${filter.numeric ? ' -n' : ''}${filter.reverse ? ' -r' : ''}`;
    case 'fields':
      return `awk '{print ${filter.fields.join(', ')}}'`;
  }
}

/**
 * The step's output as the runbook's pipeline would print it: the result as text lines through its
 * filters (grep matches highlighted), with the full structured view one click away beside it.
 */
export function filteredTextView(
  action: string,
  result: unknown,
  filters: OutputFilter[],
  structured: HTMLElement,
): HTMLElement {
  const lines = applyFilters(textLines(action, result), filters);
  const marks = filters.flatMap((filter) =>
    filter.kind === 'grep' && !filter.invert ? [grepRegExp(filter)] : [],
  );
  return h(
    'div',
    { class: 'rs-filtered' },
    h(
      'section',
      { 'aria-label': 'Filtered output' },
      h(
        'p',
        { class: 'rs-note' },
        `| ${filters.map(describe).join(' | ')} → ${lines.length} line${lines.length === 1 ? '' : 's'}`,
      ),
      h(
        'pre',
        { class: 'rs-json rs-filtered-lines', tabindex: '0', 'data-testid': 'filtered-output' },
        h(
          'code',
          {},
          lines.length === 0
            ? h('span', { class: 'rs-note' }, '(no lines)')
            : lines.flatMap((line, index) => [index ? '\n' : '', ...highlighted(line, marks)]),
        ),
      ),
    ),
    h('details', { class: 'rs-structured' }, h('summary', {}, 'Full result'), structured),
  );
}
