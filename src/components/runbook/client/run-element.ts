import { runAction, whyNot, type RunError, type RunExtras } from './api.ts';
import type { Preview } from '../../../../server/actions/define-action.ts';
import { slotsOf } from '../../../runbooks/step-template.ts';
import { h } from './dom.ts';
import { fillFromPage, onParamsChange, readParams } from './params.ts';
import { jsonView } from './views/json.ts';
import { viewFor } from './views/index.ts';

type State = 'checking' | 'unavailable' | 'ready' | 'running' | 'confirming' | 'done' | 'failed';

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
    const { input, missing } = fillFromPage(this.#args, readParams());
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
    const { input, missing } = fillFromPage(this.#args, readParams());
    if (missing.length) {
      this.#setState('ready', `Fill in ${missing.join(', ')} at the top of the page first.`);
      document.querySelector<HTMLInputElement>(`[data-param="${missing[0]}"]`)?.focus();
      return;
    }
    await this.#send(input, {});
  }

  /** Sends the run; a 409 with a preview turns into the confirmation the action's risk asks for. */
  async #send(input: Record<string, unknown>, extras: RunExtras) {
    this.#controller = new AbortController();
    this.#output.replaceChildren();
    this.#setState('running', 'Running…');
    const started = performance.now();
    // Which step of which page, and the parameters filled in: all a declared step may vary.
    const params = readParams();
    const where = {
      page: location.pathname.replace(/^\/|\/$/g, ''),
      step: this.dataset['step'] ?? this.#action,
      params: Object.fromEntries(
        slotsOf(this.#args).map((name) => [name, params.get(name)?.trim() ?? '']),
      ),
    };
    const response = await runAction(this.#action, input, this.#controller.signal, {
      ...where,
      ...extras,
    });
    if (!response.ok && response.error.code === 'confirmation_required' && response.error.preview) {
      this.#output.replaceChildren(
        confirmationView(
          response.error.preview,
          this.dataset['risk'] === 'destructive',
          (reason) => void this.#send(input, { confirm: true, ...(reason ? { reason } : {}) }),
        ),
      );
      this.#setState('confirming', 'Review what this step will do, then confirm.');
      this.#output.querySelector<HTMLElement>('input, button')?.focus();
      return;
    }
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
    this.#button.disabled = !['ready', 'done', 'failed', 'confirming'].includes(state);
    this.#button.textContent = state === 'running' ? 'Running…' : 'Run';
    this.#cancel.hidden = state !== 'running';
    this.#status.textContent = message;
  }
}

/**
 * The preview, and what confirming takes: a click for a write; for a destructive action, typing
 * the target's name and giving a reason (both go to the audit trail and the target's history).
 */
function confirmationView(
  preview: Preview,
  destructive: boolean,
  confirm: (reason: string) => void,
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
  });
  const button = h(
    'button',
    { type: 'submit', class: 'rs-run-button' },
    destructive ? 'Confirm and run' : 'Confirm',
  );
  const form = h(
    'form',
    { class: 'rs-confirm', 'aria-label': 'Confirm this step' },
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

/** What a destructive step acts on, for the person to type: the workflow, the deployment… */
function targetName(preview: Preview): string {
  if ((preview.count ?? 1) > 1) return String(preview.count);
  const first = preview.affected?.[0] as Record<string, unknown> | undefined;
  const name = first?.['workflowId'] ?? first?.['name'] ?? first?.['pod'];
  return typeof name === 'string' ? name : 'CONFIRM';
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
