import type { RunError } from './api.ts';
import { h } from './dom.ts';
import { jsonView } from './views/json.ts';

/** A run that failed: what went wrong, what to do about it, and what a batch did before it stopped. */
export function errorView(error: RunError): HTMLElement {
  return h(
    'div',
    { class: 'rs-error', role: 'alert' },
    h('p', {}, h('strong', {}, error.message)),
    error.hint && h('p', {}, error.hint),
    // A batch that stopped part-way: which items were done, failed or left, to judge and resume.
    error.partial !== undefined && jsonView(error.partial),
    h('p', { class: 'rs-note' }, `Error code: ${error.code}`),
  );
}
