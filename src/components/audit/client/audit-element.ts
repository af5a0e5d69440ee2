import { hc } from 'hono/client';
import type { ApiType } from '../../../../server/app.ts';
import type { AuditRecord } from '../../../../server/audit/record.ts';
import type { Approval } from '../../../../server/approvals/approvals.ts';
import type { Incident } from '../../../../server/incidents/incidents.ts';
import { h } from '../../runbook/client/dom.ts';
import { groupRuns, targetOf, toCsv, toMarkdown, type AuditRun } from './runs.ts';

const api = hc<ApiType>('/api');

/** `<runsheet-audit>`: the trail, filtered; a run's detail; exports; the chain check; incidents. */
class RunsheetAudit extends HTMLElement {
  #runs: AuditRun[] = [];

  get #form() {
    return this.querySelector<HTMLFormElement>('form[data-filters]')!;
  }
  get #status() {
    return this.querySelector<HTMLElement>('[data-status]')!;
  }

  connectedCallback() {
    // A Run block's "Open audit record" links here with ?runId=…: the filter starts filled in.
    for (const [name, value] of new URLSearchParams(location.search)) {
      const field = this.#form.elements.namedItem(name);
      if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement)
        field.value = value;
    }
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#load();
    });
    this.querySelector('[data-verify]')!.addEventListener('click', () => void this.#verify());
    for (const button of this.querySelectorAll<HTMLButtonElement>('[data-export]')) {
      button.addEventListener('click', () => this.#export(button.dataset['export']!));
    }
    this.querySelector<HTMLFormElement>('form[data-open-incident]')!.addEventListener(
      'submit',
      (event) => {
        event.preventDefault();
        void this.#openIncident(event.target as HTMLFormElement);
      },
    );
    void this.#load();
    void this.#loadIncidents();
    void this.#loadApprovals();
  }

  async #loadApprovals() {
    const response = await api.approvals.$get().catch(() => undefined);
    if (!response?.ok) return;
    const { approvals } = (await response.json()) as { approvals: Approval[] };
    const waiting = approvals.filter(
      (approval) => !approval.approvedBy && Date.parse(approval.expiresAt) > Date.now(),
    );
    this.querySelector('[data-approvals]')!.replaceChildren(
      waiting.length === 0
        ? h('p', {}, 'Nothing waits for approval.')
        : h(
            'ul',
            {},
            waiting.map((approval) => {
              const button = h(
                'button',
                { type: 'button', class: 'rs-run-button' },
                `Approve ${approval.id}`,
              );
              const note = h('span', { role: 'status' });
              button.addEventListener('click', async () => {
                const answer = await api.approvals[':id'].approve.$post({
                  param: { id: approval.id },
                });
                const body = (await answer.json().catch(() => undefined)) as
                  { error?: { message: string } } | undefined;
                note.textContent = answer.ok
                  ? ' Approved.'
                  : ` ${body?.error?.message ?? answer.status}`;
                if (answer.ok) button.disabled = true;
              });
              return h(
                'li',
                {},
                h('strong', {}, `${approval.action} `),
                JSON.stringify(approval.input),
                ` — requested by ${approval.requestedBy}`,
                approval.reason ? `, because: ${approval.reason}` : '',
                ' ',
                button,
                note,
              );
            }),
          ),
    );
  }

  async #load() {
    const data = new FormData(this.#form);
    const query: Record<string, string> = { limit: '1000' };
    for (const [key, value] of data.entries()) {
      if (typeof value === 'string' && value)
        query[key] = key === 'since' || key === 'until' ? new Date(value).toISOString() : value;
    }
    this.#status.textContent = 'Loading…';
    const response = await api.audit.$get({ query }).catch(() => undefined);
    if (!response?.ok) {
      // Refused (no role to read the trail…): the backend's own words say why.
      const body = (await response?.json().catch(() => undefined)) as
        { error?: { message: string } } | undefined;
      this.#status.textContent = body?.error
        ? `The audit trail could not be read: ${body.error.message}`
        : 'The audit trail could not be read: is the Runsheet backend running?';
      return;
    }
    const { records } = (await response.json()) as { records: AuditRecord[] };
    this.#runs = groupRuns(
      records.filter((record) => record.kind === 'started' || record.kind === 'finished'),
    );
    this.#status.textContent = `${this.#runs.length} run${this.#runs.length === 1 ? '' : 's'}.`;
    this.querySelector('[data-runs]')!.replaceChildren(this.#table());
    if (query['runId'] && this.#runs.length === 1)
      this.querySelector('[data-runs] details')?.setAttribute('open', '');
  }

  #table() {
    if (this.#runs.length === 0) return h('p', {}, 'No runs match.');
    return h(
      'table',
      { class: 'rs-table rs-audit-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['When', 'Who', 'Action', 'Target', 'Risk', 'Outcome', 'Reason', ''].map((label) =>
            h('th', { scope: 'col' }, label),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        this.#runs.map((run) =>
          h(
            'tr',
            { 'data-run': run.runId },
            h(
              'td',
              {},
              h('time', { datetime: run.started.at }, new Date(run.started.at).toLocaleString()),
            ),
            h('td', {}, run.started.actor),
            h('td', {}, h('code', {}, run.started.action)),
            h('td', {}, targetOf(run.started)),
            h(
              'td',
              {},
              h('span', { class: `rs-risk rs-risk-${run.started.risk}` }, run.started.risk),
            ),
            h(
              'td',
              {},
              run.finished?.outcome ?? 'running',
              run.finished?.error ? ` — ${run.finished.error.message}` : '',
            ),
            h('td', {}, run.started.reason ?? ''),
            h(
              'td',
              {},
              h(
                'details',
                {},
                h('summary', {}, 'Detail'),
                h(
                  'pre',
                  { class: 'rs-json' },
                  JSON.stringify({ started: run.started, finished: run.finished }, null, 2),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }

  #export(format: string) {
    const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '');
    const [content, type, extension] =
      format === 'csv'
        ? [toCsv(this.#runs), 'text/csv', 'csv']
        : format === 'md'
          ? [toMarkdown(this.#runs, `Runsheet audit ${stamp}`), 'text/markdown', 'md']
          : [JSON.stringify(this.#runs, null, 2), 'application/json', 'json'];
    const link = h('a', {
      href: URL.createObjectURL(new Blob([content], { type })),
      download: `runsheet-audit-${stamp}.${extension}`,
    });
    link.click();
    URL.revokeObjectURL(link.href);
  }

  async #verify() {
    const output = this.querySelector<HTMLElement>('[data-verified]')!;
    const response = await api.audit.verify.$get().catch(() => undefined);
    const result = (await response?.json().catch(() => undefined)) as
      { ok: boolean; checked: number; problem: { seq: number; reason: string } | null } | undefined;
    if (!result) output.textContent = 'Could not check the chain.';
    else if (result.ok) output.textContent = `Chain intact: ${result.checked} records.`;
    else
      output.textContent = `Chain broken at record ${result.problem!.seq}: ${result.problem!.reason}.`;
    output.dataset['ok'] = String(result?.ok ?? false);
  }

  async #loadIncidents() {
    const response = await api.incidents.$get().catch(() => undefined);
    if (!response?.ok) return;
    const { incidents } = (await response.json()) as { incidents: Incident[] };
    const select = this.#form.querySelector<HTMLSelectElement>('select[name=incidentId]')!;
    select.replaceChildren(
      h('option', { value: '' }, 'Any'),
      ...incidents.map((incident) =>
        h('option', { value: incident.id }, `${incident.id} ${incident.title}`),
      ),
    );
    this.querySelector('[data-incidents]')!.replaceChildren(
      incidents.length === 0
        ? h('p', {}, 'No incidents yet.')
        : h(
            'ul',
            {},
            incidents.map((incident) =>
              h(
                'li',
                {},
                h(
                  'a',
                  { href: `/incidents/${incident.id}/` },
                  h('strong', {}, `${incident.id} (${incident.severity}) ${incident.title}`),
                ),
                ` — opened by ${incident.openedBy}`,
                incident.closedAt ? `, closed by ${incident.closedBy}` : ' — open',
                ' · ',
                h('a', { href: `/api/incidents/${incident.id}/timeline` }, 'Timeline (Markdown)'),
                incident.closedAt ? null : this.#closeButton(incident),
              ),
            ),
          ),
    );
  }

  #closeButton(incident: Incident) {
    const button = h('button', { type: 'button', class: 'rs-cancel-button' }, 'Close incident');
    button.addEventListener('click', async () => {
      await api.incidents[':id'].close.$post({ param: { id: incident.id }, json: {} });
      await this.#loadIncidents();
    });
    return [' ', button];
  }

  async #openIncident(form: FormData | HTMLFormElement) {
    const data = new FormData(form as HTMLFormElement);
    const ticket = String(data.get('ticket') ?? '');
    const response = await api.incidents.$post({
      json: {
        title: String(data.get('title') ?? ''),
        severity: String(data.get('severity') ?? 'P2') as 'P0' | 'P1' | 'P2' | 'P3',
        ...(ticket ? { ticket } : {}),
      },
    });
    const message = this.querySelector<HTMLElement>('[data-incident-status]')!;
    if (response.ok) {
      message.textContent = 'Incident opened: runs from now on attach to it.';
      (form as HTMLFormElement).reset();
      await this.#loadIncidents();
    } else {
      const body = (await response.json().catch(() => undefined)) as
        { error?: { message: string } } | undefined;
      message.textContent = body?.error?.message ?? `Failed (${response.status}).`;
    }
  }
}

customElements.define('runsheet-audit', RunsheetAudit);
