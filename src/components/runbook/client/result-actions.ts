import { h } from './dom.ts';

export interface ResultActionsOptions {
  /** The CLI line the step stands for, page parameters filled in; no button without one. */
  command: string | null;
  /** The step's element id, for the link's #anchor. */
  stepId: string;
  /** File name from the runbook (`> /tmp/file.json`); else one named after the step. */
  download: string | null;
  result: unknown;
  /** The result as text, for a download whose name is not .json (e.g. a log saved as .txt). */
  text: () => string;
  /** The run's id in the audit trail. */
  runId: string;
}

/**
 * What a person does with a result: copy the CLI line, copy a link that opens the page with these
 * parameters at this step, download the result, open the run's audit record.
 */
export function resultActions(options: ResultActionsOptions): HTMLElement {
  // aria-live without role=status: the block's one status stays the run's state.
  const note = h('span', { class: 'rs-note', 'aria-live': 'polite', 'data-note': '' });
  const copy = (label: string, text: () => string) => {
    const button = h('button', { type: 'button', class: 'rs-tool' }, label);
    button.addEventListener('click', () => {
      const value = text();
      navigator.clipboard
        .writeText(value)
        .then(() => (note.textContent = 'Copied.'))
        // Without clipboard access (an insecure origin, a denied permission) the text is shown to copy by hand.
        .catch(() => (note.textContent = value));
    });
    return button;
  };
  const link = () => {
    const url = new URL(location.href);
    url.hash = options.stepId;
    return url.href;
  };
  const name = options.download ?? `${options.stepId}.json`;
  const download = h('button', { type: 'button', class: 'rs-tool' }, 'Download');
  download.addEventListener('click', () => {
    const asJson = name.endsWith('.json');
    const blob = new Blob([asJson ? JSON.stringify(options.result, null, 2) : options.text()], {
      type: asJson ? 'application/json' : 'text/plain',
    });
    const anchor = h('a', { href: URL.createObjectURL(blob), download: name });
    anchor.click();
    setTimeout(() => URL.revokeObjectURL(anchor.href), 0);
    note.textContent = `Saved as ${name}.`;
  });
  return h(
    'div',
    { class: 'rs-toolbar rs-result-actions', role: 'group', 'aria-label': 'Result actions' },
    options.command ? copy('Copy as CLI command', () => options.command!) : null,
    copy('Copy link with these parameters', link),
    download,
    h(
      'a',
      { class: 'rs-tool', href: `/audit/?runId=${encodeURIComponent(options.runId)}` },
      'Open audit record',
    ),
    note,
  );
}
