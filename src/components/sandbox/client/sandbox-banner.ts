import { h } from '../../runbook/client/dom.ts';

interface TargetStatus {
  system: string;
  phase: 'waiting' | 'building' | 'starting' | 'ready' | 'failed';
  program: string;
  since: string;
  estimateSeconds?: number;
  reason?: string;
  fix?: string;
}

const names: Record<string, string> = {
  temporal: 'Temporal',
  kubernetes: 'Kubernetes',
  mongo: 'MongoDB',
};
const POLL_MS = 3_000;

function duration(seconds: number): string {
  return seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
}

/** One target's line, as the terminal says it too. */
export function describeTarget(status: TargetStatus, now = Date.now()): string {
  const name = names[status.system] ?? status.system;
  const elapsed = (now - Date.parse(status.since)) / 1000;
  switch (status.phase) {
    case 'waiting':
      return `${name}: waiting for another build to finish (one at a time).`;
    case 'building':
      return `${name}: building ${status.program} once with Go, ${duration(elapsed)} of about ${duration(status.estimateSeconds ?? 0)}. Its steps run when it is ready.`;
    case 'starting':
      return `${name}: starting ${status.program}…`;
    case 'ready':
      return `${name}: ready.`;
    case 'failed':
      return `${name}: not started. ${status.reason ?? ''} ${status.fix ?? ''}`.trim();
  }
}

/** `<runsheet-sandbox-banner>`: the sandbox's targets while they come up; polls until all settle. */
class RunsheetSandboxBanner extends HTMLElement {
  #timer: ReturnType<typeof setTimeout> | undefined;

  connectedCallback() {
    void this.#refresh();
  }

  disconnectedCallback() {
    clearTimeout(this.#timer);
  }

  async #refresh() {
    const response = await fetch('/api/sandbox').catch(() => undefined);
    if (!response?.ok) return; // no backend: a static site, nothing to say
    const { running, targets } = (await response.json()) as {
      running: boolean;
      targets: TargetStatus[];
    };
    const pending = targets.some((target) => target.phase !== 'ready' && target.phase !== 'failed');
    const shown = targets.some((target) => target.phase !== 'ready');
    this.hidden = !running || !shown;
    this.querySelector('[data-targets]')!.replaceChildren(
      ...targets.map((target) =>
        h(
          'li',
          { 'data-system': target.system, 'data-phase': target.phase },
          describeTarget(target),
        ),
      ),
    );
    if (pending) this.#timer = setTimeout(() => void this.#refresh(), POLL_MS);
  }
}

customElements.define('runsheet-sandbox-banner', RunsheetSandboxBanner);
