import type { AuditRecord } from '../../../../server/audit/record.ts';
import type { Promotion } from '../../../../server/notebook/promote-cell.ts';
import type { RunbookSource } from '../../../../server/notebook/runbook-sources.ts';
import { h } from '../../runbook/client/dom.ts';

const post = (path: string, body: unknown) =>
  fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/**
 * "Add to runbook": pick a runbook and a section; the backend writes the step's MDX and the diff
 * against the page's source, shown here to copy or download (nothing is changed on the server).
 */
export async function promoteForm(incidentId: string, cell: AuditRecord): Promise<HTMLElement> {
  const response = await fetch('/api/runbooks/sources').catch(() => undefined);
  const body = response?.ok ? ((await response.json()) as { runbooks: RunbookSource[] }) : null;
  const box = h('div', { class: 'rs-confirm', role: 'group', 'aria-label': 'Add to runbook' });
  if (!body) {
    box.append(h('p', { class: 'rs-error' }, 'The runbook sources cannot be read here.'));
    return box;
  }
  const runbook = h(
    'select',
    { 'aria-label': 'Runbook' },
    body.runbooks.map((source) => h('option', { value: source.page }, source.title)),
  );
  const section = h('select', { 'aria-label': 'Section' });
  const fillSections = () => {
    const source = body.runbooks.find((candidate) => candidate.page === runbook.value);
    section.replaceChildren(...(source?.sections ?? []).map((name) => h('option', {}, name)));
  };
  runbook.addEventListener('change', fillSections);
  fillSections();
  const make = h('button', { type: 'button', class: 'rs-run-button' }, 'Make the diff');
  const result = h('div', { 'data-promotion': '' });
  make.addEventListener('click', async () => {
    const answer = await post(`/api/incidents/${incidentId}/cells/${cell.runId}/runbook`, {
      page: runbook.value,
      section: section.value,
    });
    const promotion = (await answer.json()) as Promotion & { error?: { message: string } };
    if (!answer.ok) {
      result.replaceChildren(
        h('p', { class: 'rs-error', role: 'alert' }, promotion.error!.message),
      );
      return;
    }
    const download = h(
      'a',
      {
        href: URL.createObjectURL(new Blob([promotion.diff], { type: 'text/x-diff' })),
        download: `${promotion.page.split('/').at(-1)}-${cell.runId.slice(0, 8)}.diff`,
      },
      'Download the diff',
    );
    const copy = h('button', { type: 'button', class: 'rs-cancel-button' }, 'Copy the diff');
    copy.addEventListener('click', () => void navigator.clipboard.writeText(promotion.diff));
    result.replaceChildren(
      h('p', {}, `The step for ${promotion.file}:`),
      h('pre', { 'aria-label': 'Step MDX' }, h('code', {}, promotion.mdx)),
      h('pre', { 'aria-label': 'Unified diff' }, h('code', {}, promotion.diff)),
      h('p', {}, download, ' ', copy, ' Apply it with `git apply`, then review and commit.'),
    );
  });
  box.append(
    h('label', {}, h('span', {}, 'Runbook '), runbook),
    h('label', {}, h('span', {}, ' Section '), section),
    ' ',
    make,
    result,
  );
  return box;
}
