import { hc } from 'hono/client';
import type { ApiType } from '../../../../server/app.ts';
import type { DrillAttempt, DrillReport } from '../../../../server/drills/attempts.ts';
import { h, time } from '../../runbook/client/dom.ts';
import { completedByTrainee, report, verdict } from './views.ts';

const api = hc<ApiType>('/api');

interface ListedDrill {
  id: string;
  title: string;
  summary: string;
  runbook: string;
  available: boolean;
  unavailableBecause: string | null;
}

/** An error answer's message, or the status when the body says nothing. */
async function problem(response: Response): Promise<string> {
  const body = (await response.json().catch(() => undefined)) as
    { error?: { message: string; hint?: string } } | undefined;
  const error = body?.error;
  return error
    ? `${error.message}${error.hint ? ` ${error.hint}` : ''}`
    : `Failed (${response.status}).`;
}

/** `<runsheet-drills>`: pick a drill, start it, open its runbook, check it; the trainees' record. */
class RunsheetDrills extends HTMLElement {
  get #status() {
    return this.querySelector<HTMLElement>('[data-status]')!;
  }

  connectedCallback() {
    void this.#loadDrills();
    void this.#loadAttempts();
    void this.#offerReset();
  }

  /** Reset: the sandbox's world back to its incidents (undoing drills and fixes), no restart. */
  async #offerReset() {
    const button = this.querySelector<HTMLButtonElement>('[data-reset]')!;
    const status = this.querySelector<HTMLElement>('[data-reset-status]')!;
    const response = await api.sandbox.$get().catch(() => undefined);
    if (!response?.ok || !(await response.json()).running) return;
    button.hidden = false;
    button.addEventListener('click', async () => {
      button.disabled = true;
      status.textContent = 'Putting the sandbox back to its incidents…';
      const reset = await api.sandbox.reset.$post({ json: {} }).catch(() => undefined);
      button.disabled = false;
      if (!reset?.ok) {
        status.textContent = reset ? await problem(reset) : 'No Runsheet backend answers.';
        return;
      }
      const { reset: systems } = (await reset.json()) as { reset: string[] };
      status.textContent = `Reset: ${systems.join(', ') || 'nothing was ready yet'}.`;
      await this.#loadDrills();
    });
  }

  async #loadDrills() {
    const response = await api.drills.$get().catch(() => undefined);
    if (!response?.ok) {
      this.#status.textContent = response
        ? await problem(response)
        : 'No Runsheet backend answers on this site: drills need it (npm start).';
      return;
    }
    const { environment, drills } = (await response.json()) as {
      environment: string;
      drills: ListedDrill[];
    };
    this.#status.textContent = `This backend acts on ${environment}.`;
    this.querySelector('[data-drills]')!.replaceChildren(
      ...drills.map((drill) => this.#drillCard(drill)),
    );
  }

  #drillCard(drill: ListedDrill) {
    const note = h('p', { role: 'status', 'aria-live': 'polite' });
    const start = h(
      'button',
      { type: 'button', class: 'rs-run-button', 'aria-label': `Start ${drill.title}` },
      'Start',
    );
    start.disabled = !drill.available;
    start.addEventListener('click', async () => {
      start.disabled = true;
      note.textContent = 'Injecting the incident into the sandbox…';
      const response = await api.drills[':id'].start.$post({ param: { id: drill.id }, json: {} });
      start.disabled = false;
      if (!response.ok) {
        note.textContent = await problem(response);
        return;
      }
      note.textContent = '';
      await this.#loadAttempts();
    });
    return h(
      'article',
      { class: 'rs-run', 'aria-label': drill.title },
      h('h3', {}, drill.title),
      h('p', {}, drill.summary),
      h(
        'p',
        {},
        'Runbook: ',
        h('a', { href: `/runbooks/${drill.runbook}/` }, drill.runbook),
        '. ',
        drill.available ? '' : h('span', { class: 'rs-note' }, drill.unavailableBecause ?? ''),
      ),
      start,
      note,
    );
  }

  async #loadAttempts() {
    const response = await api.drills.attempts.$get().catch(() => undefined);
    if (!response?.ok) return;
    const { attempts } = (await response.json()) as { attempts: DrillAttempt[] };
    const open = attempts.filter((attempt) => !attempt.resolved);
    this.querySelector('[data-attempts]')!.replaceChildren(
      ...(open.length === 0
        ? [h('p', {}, 'No drill in progress: start one above.')]
        : open.map((attempt) => this.#attemptCard(attempt))),
    );
    this.querySelector('[data-completed]')!.replaceChildren(
      ...[completedByTrainee(attempts, (id) => void this.#showReport(id))].flat(),
    );
  }

  #attemptCard(attempt: DrillAttempt) {
    const result = h('div', { role: 'status', 'aria-live': 'polite' }, verdict(attempt));
    const check = h(
      'button',
      { type: 'button', class: 'rs-run-button', 'aria-label': `Check ${attempt.id}` },
      'Check',
    );
    check.addEventListener('click', async () => {
      check.disabled = true;
      result.replaceChildren(h('p', {}, 'Checking the sandbox…'));
      const response = await api.drills.attempts[':id'].check.$post({
        param: { id: attempt.id },
        json: {},
      });
      check.disabled = false;
      if (!response.ok) {
        result.replaceChildren(h('p', { class: 'rs-error' }, await problem(response)));
        return;
      }
      const checked = (await response.json()) as DrillAttempt;
      result.replaceChildren(verdict(checked));
      if (checked.resolved) await this.#showReport(checked.id);
    });
    return h(
      'article',
      { class: 'rs-run', 'aria-label': `Attempt ${attempt.id}` },
      h('h3', {}, `${attempt.title} — ${attempt.id}`),
      h('p', {}, `${attempt.trainee}, started `, time(attempt.startedAt), '.'),
      h('p', {}, attempt.briefing),
      h('p', {}, h('a', { href: attempt.url }, `Open the runbook for ${attempt.id}`)),
      check,
      result,
    );
  }

  async #showReport(id: string) {
    const response = await api.drills.attempts[':id'].$get({ param: { id } });
    const target = this.querySelector('[data-report]')!;
    if (!response.ok) {
      target.replaceChildren(h('p', { class: 'rs-error' }, await problem(response)));
      return;
    }
    target.replaceChildren(report((await response.json()) as DrillReport));
  }
}

customElements.define('runsheet-drills', RunsheetDrills);
