import type { AuditRecord } from '../../../../server/audit/record.ts';
import type { Incident } from '../../../../server/incidents/incidents.ts';
import type { CellPreview } from '../../../../server/notebook/cell-preview.ts';
import '../../runbook/client/run-element.ts';
import { readEvents } from '../../runbook/client/api.ts';
import { h } from '../../runbook/client/dom.ts';
import { actionForm } from './action-form.ts';
import { cellElement, type CellStep } from './cell.ts';
import { promoteForm } from './promote.ts';
import { timelineItem } from './timeline.ts';

const NO_BACKEND =
  'No Runsheet backend answers on this site (it is served as static files, or Runsheet is down), so this page is empty: an incident, its timeline and its cells live in Runsheet’s audit trail. Start Runsheet with `npm start` and open the incident from its audit page.';

const post = (path: string, body: unknown) =>
  fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/**
 * `<runsheet-incident>`: one incident's notebook, the id read from the address
 * (`/incidents/<id>/`). The timeline follows the live feed, so everyone on the page sees cells,
 * notes and approvals as they happen, and who else is here.
 */
class RunsheetIncident extends HTMLElement {
  #id = '';
  #seen = new Set<number>();
  #last = 0;
  #cells = 0;

  #part<T extends HTMLElement = HTMLElement>(name: string): T {
    return this.querySelector<T>(`[data-${name}]`)!;
  }

  connectedCallback() {
    const id = /^\/incidents\/([^/]+)\/?$/.exec(location.pathname)?.[1];
    if (!id) {
      this.#say('Open an incident from the audit page: its notebook is at /incidents/<id>/.');
      return;
    }
    this.#id = decodeURIComponent(id);
    void this.#load();
  }

  #say(message: string) {
    this.#part('notebook-status').textContent = message;
  }

  async #load() {
    const response = await fetch(`/api/incidents/${encodeURIComponent(this.#id)}`).catch(
      () => undefined,
    );
    const body = (await response?.json().catch(() => null)) as
      | { incident: Incident; records: AuditRecord[]; here: string[] }
      | { error: { message: string } }
      | null;
    if (!body || typeof body !== 'object') return this.#say(NO_BACKEND);
    if ('error' in body) return this.#say(body.error.message);
    const { incident, records, here } = body;
    this.#say('');
    document.title = `${incident.id}: ${incident.title}`;
    this.#part('incident-details').replaceChildren(
      h('h2', {}, `${incident.id} (${incident.severity}) ${incident.title}`),
      h(
        'p',
        {},
        `${incident.environment} · opened by ${incident.openedBy} · `,
        incident.closedAt ? `closed by ${incident.closedBy}` : 'open',
        incident.ticket ? [' · ', h('a', { href: incident.ticket }, 'ticket')] : null,
      ),
    );
    this.#part<HTMLAnchorElement>('export').href = `/api/incidents/${incident.id}/timeline`;
    this.#showHere(here);
    for (const record of records) this.#add(record);
    void this.#explainAdhoc();
    this.#wire();
    void this.#follow();
  }

  /** What this person may run ad hoc here, and why not, from GET /api/me. */
  async #explainAdhoc() {
    const me = (await (await fetch('/api/me')).json()) as {
      adhoc: Record<'read' | 'write' | 'destructive', string | null> & {
        mode: string;
        secondPerson: string;
      };
    };
    const { adhoc } = me;
    const allowed = (['read', 'write', 'destructive'] as const).filter((risk) => !adhoc[risk]);
    this.#part('adhoc').replaceChildren(
      h(
        'strong',
        {},
        allowed.length
          ? `You may run ${allowed.join(', ')} actions ad hoc here (policy.adhoc: ${adhoc.mode}).`
          : `You may not run anything ad hoc here (policy.adhoc: ${adhoc.mode}).`,
      ),
      ' ',
      allowed.some((risk) => risk !== 'read') ? adhoc.secondPerson : '',
      h(
        'ul',
        {},
        (['read', 'write', 'destructive'] as const)
          .filter((risk) => adhoc[risk])
          .map((risk) => h('li', {}, `${risk}: ${adhoc[risk]}`)),
      ),
    );
  }

  #wire() {
    const lineForm = this.#part<HTMLFormElement>('line-form');
    lineForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      const field = lineForm.elements.namedItem('line') as HTMLInputElement;
      const preview = (await (await post('/api/cells/preview', { line: field.value })).json()) as
        CellPreview | { error: { message: string } };
      const status = this.#part('line-status');
      if ('error' in preview) status.textContent = preview.error.message;
      else if (!preview.runnable) status.textContent = preview.reason;
      else {
        status.textContent = `Runs ${preview.action} (${preview.risk}).`;
        this.#addCell({ ...preview });
        field.value = '';
      }
    });
    void actionForm((step) => this.#addCell(step)).then((form) =>
      this.#part('action-form').replaceChildren(form),
    );
    const noteForm = this.#part<HTMLFormElement>('note-form');
    noteForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      const field = noteForm.elements.namedItem('text') as HTMLTextAreaElement;
      const answer = await post(`/api/incidents/${this.#id}/notes`, { text: field.value });
      const status = this.#part('note-status');
      if (answer.ok) {
        field.value = '';
        status.textContent = 'Added to the timeline.';
      } else {
        status.textContent = (
          (await answer.json()) as { error: { message: string } }
        ).error.message;
      }
    });
  }

  #addCell(step: CellStep) {
    this.#cells += 1;
    const cell = cellElement(this.#id, step, this.#cells);
    this.#part('cells').append(cell);
    cell.querySelector<HTMLButtonElement>('[data-run]')!.focus();
  }

  /** The live feed: new records and who is here, until the page goes; it reconnects if cut. */
  async #follow() {
    for (;;) {
      const response = await fetch(`/api/incidents/${this.#id}/live?after=${this.#last}`, {
        headers: { accept: 'text/event-stream' },
      }).catch(() => undefined);
      if (response?.ok && response.body) {
        await readEvents(response.body, (event, data) => {
          if (event === 'record') this.#add(data as AuditRecord);
          if (event === 'presence') this.#showHere(data as string[]);
        }).catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }

  #showHere(people: string[]) {
    this.#part('here').textContent = people.length
      ? `Here now: ${people.join(', ')}`
      : 'Nobody else has this incident open.';
  }

  #add(record: AuditRecord) {
    if (this.#seen.has(record.seq)) return;
    this.#seen.add(record.seq);
    this.#last = Math.max(this.#last, record.seq);
    this.#part('timeline').append(
      timelineItem(record, (cell) => {
        void promoteForm(this.#id, cell).then((form) => {
          const item = this.querySelector(`[data-seq="${cell.seq}"]`);
          item?.querySelector('[data-promote]')?.remove();
          item?.append(h('div', { 'data-promote': '' }, form));
        });
      }),
    );
    this.#part('timeline').lastElementChild!.setAttribute('data-seq', String(record.seq));
  }
}

customElements.define('runsheet-incident', RunsheetIncident);
