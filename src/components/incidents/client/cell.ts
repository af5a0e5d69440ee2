import type { OutputFilter } from '../../../../server/steps/commands/filters.ts';
import type { Risk } from '../../../../server/actions/types.ts';
import { h } from '../../runbook/client/dom.ts';

/** What a cell will run, as the backend's preview or the action form says. */
export interface CellStep {
  action: string;
  title: string;
  risk: Risk;
  input: Record<string, unknown>;
  /** The line typed; absent when the action's form was filled. */
  line?: string;
  filters?: OutputFilter[];
  reason?: string | null;
  download?: string | null;
}

/**
 * A scratch cell: the same `<runsheet-run>` element a runbook step is, marked as ad-hoc work on
 * this incident. It shows what it will run, and runs it through the same gate, confirmation,
 * approval and result views as a Run block.
 */
export function cellElement(incidentId: string, step: CellStep, number: number): HTMLElement {
  // Not in HTMLElementTagNameMap: made by hand, then filled like any other element.
  const element = document.createElement('runsheet-run');
  const attributes: Record<string, string> = {
    id: `cell-${number}`,
    'data-step': `cell-${number}`,
    'data-action': step.action,
    'data-risk': step.risk,
    'data-label': step.title,
    'data-args': JSON.stringify(step.input),
    'data-incident': incidentId,
    'data-state': 'checking',
    ...(step.line ? { 'data-line': step.line, 'data-command': step.line } : {}),
    ...(step.filters?.length ? { 'data-filters': JSON.stringify(step.filters) } : {}),
    ...(step.download ? { 'data-download': step.download } : {}),
    ...(step.reason ? { 'data-reason': step.reason } : {}),
  };
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(
    h(
      'div',
      { class: 'rs-run not-content' },
      h(
        'div',
        { class: 'rs-run-bar' },
        h('button', { type: 'button', class: 'rs-run-button', 'data-run': '' }, 'Run'),
        h('button', { type: 'button', class: 'rs-cancel-button', 'data-cancel': '' }, 'Cancel'),
        h(
          'span',
          { class: 'rs-run-label' },
          h('strong', {}, `Cell ${number}: ${step.title}`),
          h('span', { class: `rs-risk rs-risk-${step.risk}` }, step.risk),
          h('span', { class: 'rs-run-target', 'data-target': '' }),
        ),
      ),
      step.line
        ? h('pre', { class: 'rs-run-command' }, h('code', {}, step.line))
        : h(
            'pre',
            { class: 'rs-run-command' },
            h('code', {}, `${step.action} ${JSON.stringify(step.input)}`),
          ),
      h('p', { class: 'rs-run-status', 'data-status': '', role: 'status', 'aria-live': 'polite' }),
      h('div', { class: 'rs-run-output', 'data-output': '' }),
    ),
  );
  element.querySelector<HTMLButtonElement>('[data-cancel]')!.hidden = true;
  return element;
}
