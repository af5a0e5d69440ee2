import type { RunError } from './api.ts';
import { h } from './dom.ts';

/**
 * Under the two-person rule a destructive run first files a request: this says which, where a
 * second admin approves it, and offers to run with it once they have (the backend checks the
 * approval is for exactly this run, and uses it once).
 */
export function approvalView(
  error: RunError,
  approvalId: string,
  runWithApproval: () => void,
): HTMLElement {
  const button = h(
    'button',
    { type: 'button', class: 'rs-run-button' },
    `Run with approval ${approvalId}`,
  );
  button.addEventListener('click', runWithApproval);
  return h(
    'div',
    { class: 'rs-confirm', role: 'group', 'aria-label': 'Waiting for approval' },
    h('p', {}, h('strong', {}, error.message)),
    h(
      'p',
      {},
      'Ask another admin to approve it on the ',
      h('a', { href: '/audit/#approvals-heading' }, 'audit page'),
      ', then run it from here.',
    ),
    button,
  );
}
