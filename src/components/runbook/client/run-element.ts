import { runAction, whyNot, type RunError } from './api.ts';
import { h } from './dom.ts';
import { fillTemplate, onParamsChange, readParams } from './params.ts';
import { jsonView } from './views/json.ts';
import { viewFor } from './views/index.ts';

type State = 'checking' | 'unavailable' | 'ready' | 'running' | 'done' | 'failed';

/**
 * `<runsheet-run>`: one runnable step. Fills the step's arguments from the page parameters,
 * calls the backend, and shows the result (or the error and what to do about it).
 */
class RunsheetRun extends HTMLElement {
  #controller: AbortController | undefined;

  get #button() {
    return this.querySelector<HTMLButtonElement>('[data-run]')!;
  }
  get #cancel() {
    return this.querySelector<HTMLButtonElement>('[data-cancel]')!;
  }
  get #status() {
    return this.querySelector<HTMLElement>('[data-status]')!;
  }
  get #output() {
    return this.querySelector<HTMLElement>('[data-output]')!;
  }
  get #action() {
    return this.dataset['action']!;
  }
  get #args(): Record<string, unknown> {
    return JSON.parse(this.dataset['args'] ?? '{}') as Record<string, unknown>;
  }

  connectedCallback() {
    this.#button.addEventListener('click', () => void this.#run());
    this.#cancel.addEventListener('click', () => this.#controller?.abort());
    onParamsChange(() => this.#showTarget());
    this.#showTarget();
    this.#setState('checking', 'Checking that the Runsheet backend is reachable…');
    void whyNot(this.#action).then((reason) => {
      if (reason) this.#setState('unavailable', reason);
      else this.#setState('ready', '');
    });
  }

  /** Shows what the step will act on with the current parameters, e.g. the filled-in workflow ID. */
  #showTarget() {
    const target = this.querySelector<HTMLElement>('[data-target]');
    if (!target) return;
    const { input, missing } = fillTemplate(this.#args, readParams());
    target.textContent = missing.length
      ? `Fill in ${missing.join(', ')} above.`
      : Object.entries(input)
          .map(
            ([key, value]) =>
              `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
          )
          .join(' · ');
  }

  async #run() {
    const { input, missing } = fillTemplate(this.#args, readParams());
    if (missing.length) {
      this.#setState('ready', `Fill in ${missing.join(', ')} at the top of the page first.`);
      document.querySelector<HTMLInputElement>(`[data-param="${missing[0]}"]`)?.focus();
      return;
    }
    this.#controller = new AbortController();
    this.#output.replaceChildren();
    this.#setState('running', 'Running…');
    const started = performance.now();
    const response = await runAction(this.#action, input, this.#controller.signal);
    if (response.ok) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      this.#output.replaceChildren(
        viewFor(this.#action, response.outcome.result),
        h(
          'details',
          { class: 'rs-raw' },
          h('summary', {}, 'Raw JSON'),
          jsonView(response.outcome.result),
        ),
      );
      this.#setState('done', `Done in ${seconds} s.`);
    } else {
      this.#output.replaceChildren(errorView(response.error));
      this.#setState('failed', `Failed: ${response.error.message}`);
    }
  }

  #setState(state: State, message: string) {
    this.dataset['state'] = state;
    this.#button.disabled = state !== 'ready' && state !== 'done' && state !== 'failed';
    this.#button.textContent = state === 'running' ? 'Running…' : 'Run';
    this.#cancel.hidden = state !== 'running';
    this.#status.textContent = message;
  }
}

function errorView(error: RunError): HTMLElement {
  return h(
    'div',
    { class: 'rs-error', role: 'alert' },
    h('p', {}, h('strong', {}, error.message)),
    error.hint && h('p', {}, error.hint),
    h('p', { class: 'rs-note' }, `Error code: ${error.code}`),
  );
}

customElements.define('runsheet-run', RunsheetRun);
