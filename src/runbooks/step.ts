import { createHash } from 'node:crypto';
import type { Element, ElementContent } from 'hast';
import type { Risk } from '../../server/actions/types.ts';
import { findAction } from '../../server/actions/registry.ts';
import type { OutputFilter } from '../../server/steps/commands/filters.ts';
import { whyCannotRun } from '../../server/steps/can-run.ts';
import { slotsOf } from '../../server/steps/step-template.ts';
import { parseCommand } from '../../server/steps/commands/parse.ts';
import { copyLine } from '../../server/steps/commands/round-trip.ts';

/**
 * One runnable step of a runbook, however it was written: a `<Run>` component or a command line of
 * a fenced shell block. Both render the same `<runsheet-run>` element (see `stepElement`), and the
 * build's step manifest is read back from those elements, so what is deployed is what may run.
 */
export interface Step {
  /** Unique on its page and stable while the step is unchanged: the `#anchor` and the audit's step. */
  id: string;
  action: string;
  risk: Risk;
  /** What the step is for, e.g. "1. Check workflow status". */
  label: string;
  /** The action's input; `{name}` in a string is filled from the page parameter `name`. */
  args: Record<string, unknown>;
  /** The CLI line the step stands for, as the runbook gives it (the runbooks check). */
  command: string | null;
  /** What "Copy as CLI" gives: a line that reads back as exactly this step, or null. */
  cli: string | null;
  /** `| grep …`, `| head …` after the command: applied to the step's output. */
  filters: OutputFilter[];
  /** `> file` after the command: the result is offered for download under this name. */
  download: string | null;
  /** `--reason "…"` on the line: offered as the reason when the step asks for one. */
  reason: string | null;
  /** A dry run (`--dry-run` on its line): the step shows the change's preview, never makes it. */
  previewOnly: boolean;
}

export interface StepSource {
  action: string;
  args?: Record<string, unknown> | undefined;
  label?: string | null | undefined;
  command?: string | null | undefined;
  filters?: OutputFilter[] | undefined;
  download?: string | null | undefined;
  reason?: string | null | undefined;
  previewOnly?: boolean | undefined;
}

/** Checks a step against the action catalogue, so a typo fails the build and names the step. */
export function defineStep(source: StepSource): Step {
  const where = source.command ? `\`${source.command}\`` : `<Run action="${source.action}">`;
  const action = findAction(source.action);
  if (!action) {
    throw new Error(
      `${where}: there is no action "${source.action}". Check the id against GET /api/actions.`,
    );
  }
  const args = source.args ?? {};
  const known = Object.keys((action.input as unknown as { shape?: object }).shape ?? {});
  const unknown = Object.keys(args).filter((name) => known.length && !known.includes(name));
  if (unknown.length) {
    throw new Error(
      `${where}: ${unknown.join(', ')} is not an input of ${action.id} (inputs: ${known.join(', ')}).`,
    );
  }
  // Only steps that can run: the input, with its `{param}`s filled by stand-ins, must pass the
  // action's schema, or the build fails naming the step.
  const cannot = whyCannotRun(action.id, args);
  if (cannot) throw new Error(`${where}: ${cannot}.`);
  const previewOnly = source.previewOnly === true;
  // Honoured or refused: a `--dry-run` command on a step that would make the change, or the
  // reverse, fails the build rather than run something other than its line says.
  const said = source.command ? parseCommand(source.command) : null;
  if (said?.runnable && said.action === action.id && (said.previewOnly === true) !== previewOnly) {
    throw new Error(
      previewOnly
        ? `${where}: the step is preview-only but its command makes the change: add --dry-run=server to it`
        : `${where}: the command is a dry run: add previewOnly to the step, or drop --dry-run from the command`,
    );
  }
  if (previewOnly && action.risk === 'read') {
    throw new Error(
      `${where}: ${action.id} only reads, so a preview-only step of it previews nothing.`,
    );
  }
  const label = source.label?.trim() || action.title;
  const fingerprint = createHash('sha256')
    // A dry run is another step than the change (its id too); other ids stay as they were.
    .update(
      JSON.stringify([action.id, args, source.filters ?? [], ...(previewOnly ? ['dry-run'] : [])]),
    )
    .digest('hex')
    .slice(0, 6);
  return {
    // `step-` first: an id that starts with a digit is no CSS selector (`#1-check…`).
    id: `step-${slug(label)}-${fingerprint}`,
    action: action.id,
    risk: action.risk,
    label,
    args,
    command: source.command ?? null,
    cli: copyLine({ action: action.id, args, command: source.command ?? null, previewOnly }),
    filters: source.filters ?? [],
    download: source.download ?? null,
    reason: source.reason ?? null,
    previewOnly,
  };
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 48)
      .replace(/-$/, '') || 'step'
  );
}

/** The attributes that carry a step into the page; `readStep` reads them back. */
export function stepAttributes(step: Step): Record<string, string> {
  return {
    id: step.id,
    'data-step': step.id,
    'data-action': step.action,
    'data-risk': step.risk,
    'data-label': step.label,
    'data-args': JSON.stringify(step.args),
    ...(step.command ? { 'data-command': step.command } : {}),
    ...(step.cli ? { 'data-cli': step.cli } : {}),
    ...(step.filters.length ? { 'data-filters': JSON.stringify(step.filters) } : {}),
    ...(step.download ? { 'data-download': step.download } : {}),
    ...(step.reason ? { 'data-reason': step.reason } : {}),
    ...(step.previewOnly ? { 'data-preview-only': '' } : {}),
  };
}

/** A step back from its element's attributes (the manifest is built from the pages this way). */
export function readStep(attributes: Record<string, string>): Step & { params: string[] } {
  const args = JSON.parse(attributes['data-args'] ?? '{}') as Record<string, unknown>;
  return {
    id: attributes['data-step'] ?? '',
    action: attributes['data-action'] ?? '',
    risk: (attributes['data-risk'] ?? 'read') as Risk,
    label: attributes['data-label'] ?? '',
    args,
    params: slotsOf(args),
    command: attributes['data-command'] ?? null,
    cli: attributes['data-cli'] ?? null,
    filters: JSON.parse(attributes['data-filters'] ?? '[]') as OutputFilter[],
    download: attributes['data-download'] ?? null,
    reason: attributes['data-reason'] ?? null,
    previewOnly: 'data-preview-only' in attributes,
  };
}

const el = (
  tagName: string,
  properties: Element['properties'],
  ...children: (ElementContent | string)[]
): Element => ({
  type: 'element',
  tagName,
  properties,
  children: children.map((child) =>
    typeof child === 'string' ? { type: 'text', value: child } : child,
  ),
});

/**
 * The step's markup. Without JavaScript it reads as the command and what it is for; the
 * `<runsheet-run>` island brings the button, the confirmation and the output.
 */
export function stepElement(step: Step): Element {
  return el(
    'runsheet-run',
    { ...stepAttributes(step), 'data-state': 'checking' },
    el(
      'div',
      { className: ['rs-run', 'not-content'] },
      el(
        'div',
        { className: ['rs-run-bar'] },
        el(
          'button',
          { type: 'button', className: ['rs-run-button'], 'data-run': '', disabled: true },
          'Run',
        ),
        el(
          'button',
          { type: 'button', className: ['rs-cancel-button'], 'data-cancel': '', hidden: true },
          'Cancel',
        ),
        el(
          'span',
          { className: ['rs-run-label'] },
          el('strong', {}, step.label),
          el('span', { className: ['rs-risk', `rs-risk-${step.risk}`] }, step.risk),
          ...(step.previewOnly
            ? [
                el(
                  'span',
                  { className: ['rs-badge', 'rs-tone-running'], 'data-dry-run': '' },
                  'dry run',
                ),
              ]
            : []),
          el('span', { className: ['rs-run-target'], 'data-target': '' }),
        ),
      ),
      ...(step.command
        ? [el('pre', { className: ['rs-run-command'] }, el('code', {}, step.command))]
        : []),
      el(
        'p',
        { className: ['rs-run-status'], 'data-status': '', role: 'status', 'aria-live': 'polite' },
        'Running steps needs JavaScript and the Runsheet backend.',
      ),
      el('div', { className: ['rs-run-output'], 'data-output': '' }),
    ),
  );
}
