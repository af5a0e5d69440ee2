import type { OutputFilter } from '../../../../server/steps/commands/filters.ts';
import { runAction, whyNot, type RunExtras } from './api.ts';
import { errorView } from './error-view.ts';
import { fillTemplate, parameterize, slotsOf } from '../../../../server/steps/step-template.ts';
import { approvalView } from './approval.ts';
import { confirmationView, dryRunView } from './confirmation.ts';
import { h } from './dom.ts';
import { fillFromPage, onParamsChange, readParams } from './params.ts';
import { resultActions } from './result-actions.ts';
import { jsonView } from './views/json.ts';
import { liveViewFor, viewFor, type LiveView } from './views/index.ts';
import { textLines } from './views/text-lines.ts';

/** How often a step asks again for a backend that did not answer. */
const RECHECK_MS = 5_000;

type State = 'checking' | 'unavailable' | 'ready' | 'running' | 'confirming' | 'done' | 'failed';

/**
 * `<runsheet-run>`: one runnable step. Fills the step's arguments from the page parameters,
 * calls the backend, and shows the result (or the error and what to do about it).
 * Optional attributes from the build: `data-filters` (the line's `| grep …` stages, as JSON),
 * `data-command` (the CLI line the step stands for), `data-download` (a file name) and
 * `data-preview-only` (a dry run: the preview is the result, and it is never confirmed).
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
  get #filters(): OutputFilter[] {
    try {
      const filters = JSON.parse(this.dataset['filters'] ?? '[]') as unknown;
      return Array.isArray(filters) ? (filters as OutputFilter[]) : [];
    } catch {
      return [];
    }
  }

  connectedCallback() {
    if (location.hash === `#${this.id}`) this.scrollIntoView();
    this.#button.addEventListener('click', () => void this.#run());
    this.#cancel.addEventListener('click', () => this.#controller?.abort());
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.dataset['state'] === 'running') this.#controller?.abort();
    });
    onParamsChange(() => this.#showTarget());
    this.#showTarget();
    this.#setState('checking', 'Checking that the Runsheet backend is reachable…');
    void this.#checkBackend();
  }

  /** Asks whether this step can run; while the backend does not answer, asks again every 5 s. */
  async #checkBackend() {
    const { reason, retry } = await whyNot(this.#action);
    if (!this.isConnected) return;
    if (!reason) {
      this.#setState('ready', '');
      return;
    }
    this.#setState('unavailable', reason);
    if (retry) setTimeout(() => void this.#checkBackend(), RECHECK_MS);
  }

  /** Shows what the step will act on with the current parameters, e.g. the filled-in workflow ID. */
  #showTarget() {
    const target = this.querySelector<HTMLElement>('[data-target]');
    if (!target) return;
    const { input, missing, invalid } = fillFromPage(this.#args, readParams());
    target.textContent = missing.length
      ? `Fill in ${missing.join(', ')} above.`
      : invalid.length
        ? `${invalid.join('; ')}.`
        : Object.entries(input)
            .map(
              ([key, value]) =>
                `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
            )
            .join(' · ');
  }

  async #run() {
    const { input, missing, invalid } = fillFromPage(this.#args, readParams());
    if (missing.length) {
      this.#setState('ready', `Fill in ${missing.join(', ')} at the top of the page first.`);
      document.querySelector<HTMLInputElement>(`[data-param="${missing[0]}"]`)?.focus();
      return;
    }
    if (invalid.length) {
      this.#setState('ready', `${invalid.join('; ')}.`);
      return;
    }
    await this.#send(input, {});
  }

  /** Sends the run; a 409 with a preview turns into the confirmation the action's risk asks for. */
  async #send(input: Record<string, unknown>, extras: RunExtras) {
    this.#controller = new AbortController();
    this.#output.replaceChildren();
    const hadFocus = this.contains(document.activeElement);
    this.#setState('running', 'Running… (Cancel or Escape stops it)');
    if (hadFocus) this.#cancel.focus();
    const started = performance.now();
    // Which step of which page, and the parameters filled in: all a declared step may vary.
    // A scratch cell on an incident page (`data-incident`) is ad-hoc work: its incident and line.
    const params = readParams();
    const step = this.dataset['step'] ?? this.#action;
    const incident = this.dataset['incident'];
    const where: RunExtras = incident
      ? { incidentId: incident, ...(this.dataset['line'] ? { line: this.dataset['line'] } : {}) }
      : {
          page: location.pathname.replace(/^\/|\/$/g, ''),
          step,
          params: Object.fromEntries(
            slotsOf(this.#args).map((name) => [name, params.get(name)?.trim() ?? '']),
          ),
        };
    let live: LiveView | undefined;
    const response = await runAction(
      this.#action,
      input,
      this.#controller.signal,
      { ...where, ...extras },
      (progress) => {
        if (!live) {
          live = liveViewFor(this.#action, input, step);
          this.#output.replaceChildren(live.element);
        }
        live.update(progress);
        // Batches of items show in the view; announcing each would drown a screen reader.
        if (progress.message && !progress.items?.length)
          this.#status.textContent = `Running… ${progress.message}`;
      },
    );
    const refocus =
      hadFocus &&
      (this.contains(document.activeElement) || document.activeElement === document.body);
    const preview = !response.ok && response.error.code === 'confirmation_required';
    if (preview && response.error.preview && 'previewOnly' in this.dataset) {
      // A dry-run step: the preview is its result; it is never confirmed.
      this.#output.replaceChildren(dryRunView(response.error.preview));
      this.#setState('done', 'Dry run: previewed, nothing changed.');
      if (refocus) this.#button.focus();
      return;
    }
    if (preview && response.error.preview) {
      this.#output.replaceChildren(
        confirmationView(
          response.error.preview,
          this.dataset['risk'] === 'destructive',
          (reason) => void this.#send(input, { confirm: true, ...(reason ? { reason } : {}) }),
          this.dataset['reason'] ?? '',
        ),
      );
      this.#setState('confirming', 'Review what this step will do, then confirm.');
      this.#output.querySelector<HTMLElement>('input, button')?.focus();
      return;
    }
    if (!response.ok && response.error.code === 'approval_required' && response.error.approvalId) {
      const { approvalId } = response.error;
      this.#output.replaceChildren(
        approvalView(
          response.error,
          approvalId,
          () => void this.#send(input, { ...extras, approvalId }),
        ),
      );
      this.#setState('confirming', `Waiting for a second admin to approve ${approvalId}.`);
      this.#output.querySelector<HTMLElement>('button')?.focus();
      return;
    }
    if (response.ok) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const { result, id } = response.outcome;
      const view = await this.#resultView(result, input);
      this.#output.replaceChildren(
        resultActions({
          command: this.#command(),
          stepId: this.id,
          download: this.dataset['download'] ?? null,
          result,
          text: () => textLines(this.#action, result).join('\n'),
          runId: id,
        }),
        view,
        h('details', { class: 'rs-raw' }, h('summary', {}, 'Raw JSON'), jsonView(result)),
      );
      this.#setState('done', `Done in ${seconds} s.`);
    } else if (response.error.code === 'cancelled') {
      // What streamed before the cancel stays (log lines, the batch so far); no alarm for a choice.
      this.#output.replaceChildren(
        ...(live ? [live.element] : []),
        h('p', { class: 'rs-note' }, 'Cancelled: nothing more arrives for this run.'),
      );
      this.#setState('failed', 'Cancelled.');
    } else {
      this.#output.replaceChildren(errorView(response.error));
      this.#setState('failed', `Failed: ${response.error.message}`);
    }
    if (refocus) this.#button.focus();
  }

  /**
   * The structured view, or, when the step's line pipes its output, the filtered lines beside it.
   * The filters (and the pattern engine they run on) load only for a step that has some.
   */
  async #resultView(result: unknown, input: Record<string, unknown>): Promise<HTMLElement> {
    const structured = viewFor(this.#action, result, input);
    const filters = this.#filters;
    if (filters.length === 0) return structured;
    try {
      const { filteredTextView } = await import('./views/filtered-text.ts');
      return filteredTextView(this.#action, result, filters, structured);
    } catch {
      return structured;
    }
  }

  /** The step's CLI line with the page parameters filled in, or null when the build gave none. */
  #command(): string | null {
    // The line the build checked reads back as this step; else (an added step) the runbook's own.
    const command = this.dataset['cli'] ?? this.dataset['command'];
    if (!command) return null;
    const params = readParams();
    // Placeholders the page has no value for stay as the runbook wrote them.
    const filled = fillTemplate(
      { command: parameterize(command) },
      (name) => params.get(name)?.trim() || `<${name}>`,
    );
    return filled.input['command'] as string;
  }

  #setState(state: State, message: string) {
    this.dataset['state'] = state;
    this.#button.disabled = !['ready', 'done', 'failed', 'confirming'].includes(state);
    this.#button.textContent = state === 'running' ? 'Running…' : 'Run';
    this.#cancel.hidden = state !== 'running';
    this.#status.textContent = message;
  }
}

customElements.define('runsheet-run', RunsheetRun);
