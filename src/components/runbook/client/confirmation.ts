import type { Preview } from '../../../../server/actions/results.ts';
import { h } from './dom.ts';
import { jsonView } from './views/json.ts';

/**
 * The preview, and what confirming takes: a click for a write; for a destructive action, typing
 * the target's name and giving a reason (both go to the audit trail and the target's history).
 */
export function confirmationView(
  preview: Preview,
  destructive: boolean,
  confirm: (reason: string) => void,
  /** The reason the runbook's line gives (`--reason "…"`), offered to edit. */
  suggestedReason = '',
): HTMLElement {
  const target = destructive ? targetName(preview) : null;
  const typed = h('input', {
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-label': `Type ${target ?? ''} to confirm`,
  });
  const reason = h('input', {
    type: 'text',
    'aria-label': 'Reason',
    placeholder: 'e.g. INC-456: orders stuck after the WES deploy',
    value: suggestedReason,
  });
  const button = h(
    'button',
    { type: 'submit', class: 'rs-run-button' },
    destructive ? 'Confirm and run' : 'Confirm',
  );
  const form = h(
    'form',
    { class: 'rs-confirm', 'aria-label': 'Confirm this step' },
    ...previewParts(preview),
    destructive ? h('label', {}, `Type ${target} to confirm `, typed) : null,
    destructive ? h('label', {}, 'Reason ', reason) : null,
    button,
  );
  const ready = () => {
    button.disabled = destructive && (typed.value.trim() !== target || !reason.value.trim());
  };
  typed.addEventListener('input', ready);
  reason.addEventListener('input', ready);
  ready();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!button.disabled) confirm(reason.value.trim());
  });
  return form;
}

/**
 * A dry-run step's result: the preview the backend answered with, and no way to confirm it (the
 * step never makes the change; the backend refuses a confirmed run of it too).
 */
export function dryRunView(preview: Preview): HTMLElement {
  return h(
    'div',
    { class: 'rs-confirm rs-dry-run-result', 'data-dry-run-result': '' },
    h('p', { class: 'rs-note' }, 'Dry run: what this step would do. Nothing was changed.'),
    ...previewParts(preview),
  );
}

/** The summary, the warnings and what is affected: the same in a confirmation and a dry run. */
function previewParts(preview: Preview): (HTMLElement | null)[] {
  return [
    h('p', {}, h('strong', {}, preview.summary)),
    preview.warnings?.length
      ? h(
          'ul',
          { class: 'rs-warnings' },
          preview.warnings.map((warning) => h('li', {}, warning)),
        )
      : null,
    preview.affected?.length
      ? h(
          'details',
          {},
          h('summary', {}, `Affected (${preview.count ?? preview.affected.length})`),
          jsonView(preview.affected),
        )
      : null,
  ];
}

/** What a destructive step acts on, for the person to type: the workflow, the deployment… */
function targetName(preview: Preview): string {
  if ((preview.count ?? 1) > 1) return String(preview.count);
  const first = preview.affected?.[0] as Record<string, unknown> | undefined;
  const name = first?.['workflowId'] ?? first?.['name'] ?? first?.['pod'];
  return typeof name === 'string' ? name : 'CONFIRM';
}
