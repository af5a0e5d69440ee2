import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fillTemplate } from './step-template.ts';
import { canonicalJson } from '../audit/record.ts';
import { ActionError } from '../errors.ts';

/** The file the site build writes beside the pages: every step the deployed runbooks hold. */
export const STEPS_MANIFEST = 'runsheet-steps.json';

const manifestStep = z.object({
  /** The page's path, e.g. `runbooks/stuck-workflow-recovery`. */
  page: z.string(),
  id: z.string(),
  action: z.string(),
  /** Fixed arguments; `{name}` slots are the only part a person fills. */
  args: z.record(z.string(), z.unknown()),
  params: z.array(z.string()),
  /** The CLI line the step stands for, when the runbook gives one. */
  command: z.string().nullable(),
  /** A dry run (`--dry-run` on its line): it runs only unconfirmed, to show the preview. */
  previewOnly: z.literal(true).optional(),
});
export type ManifestStep = z.infer<typeof manifestStep>;

export const stepManifestSchema = z.object({
  /** Hash of the steps: the runbook version each audit record names. */
  version: z.string(),
  steps: z.array(manifestStep),
});
export type StepManifest = z.infer<typeof stepManifestSchema>;

/**
 * Which runs the backend takes. `declared`: only steps of the deployed runbooks, with only their
 * parameter slots filled — an ad-hoc action call, or a step whose fixed arguments were altered, is
 * refused. `any`: any action with valid input (the sandbox, where trying things is the point).
 */
export type StepGate =
  | { mode: 'any'; manifest: StepManifest | null }
  | { mode: 'declared'; manifest: StepManifest | null };

/**
 * The gate a backend (or the `runsheet` command) runs under: the `steps` setting, else `any` in
 * the sandbox and `declared` everywhere else; the manifest of the site built in `siteDir`.
 */
export function stepGateFor(
  mode: 'declared' | 'any' | undefined,
  environment: string,
  siteDir: string,
): StepGate {
  return {
    mode: mode ?? (environment === 'sandbox' ? 'any' : 'declared'),
    manifest: loadStepManifest(siteDir),
  };
}

/** The manifest of the built site in `siteDir`, or null when the site was not built. */
export function loadStepManifest(siteDir: string): StepManifest | null {
  const path = join(siteDir, STEPS_MANIFEST);
  if (!existsSync(path)) return null;
  const parsed = stepManifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${path} is not a step manifest Runsheet wrote: rebuild the site.`);
  }
  return parsed.data;
}

export interface StepClaim {
  action: string;
  input: Record<string, unknown>;
  page?: string | undefined;
  step?: string | undefined;
  params?: Record<string, string> | undefined;
  confirm?: boolean | undefined;
}

/**
 * Refuses a run the gate does not allow; returns the runbook version it runs from (null when
 * the site has no manifest, or the run names no step).
 */
export function checkDeclaredStep(gate: StepGate, claim: StepClaim): string | null {
  const { manifest } = gate;
  const declared = manifest?.steps.find(
    (step) => step.page === claim.page && step.id === claim.step,
  );
  // In either mode: the page says this step only previews, so confirming it is refused, not run.
  if (declared?.previewOnly && claim.confirm) {
    throw new ActionError(
      'step_not_declared',
      `Step ${declared.id} on ${declared.page} is a dry run (${declared.command ?? 'preview only'}): it shows the preview and never makes the change, so a confirmed run of it is refused.`,
      {
        hint: 'Run it without confirming to see the preview; to make the change, run a step whose line has no --dry-run.',
      },
    );
  }
  if (gate.mode === 'any') return declared ? manifest!.version : null;

  if (!manifest) {
    throw new ActionError(
      'step_not_declared',
      'This Runsheet runs only the steps of its runbooks, and it has no step manifest.',
      {
        hint: 'Build the site (`npm run build`) so the backend knows the deployed steps, or set RUNSHEET_STEPS=any where ad-hoc runs are acceptable.',
      },
    );
  }
  if (!declared) {
    throw new ActionError(
      'step_not_declared',
      claim.page && claim.step
        ? `There is no step ${claim.step} on ${claim.page} in the deployed runbooks (version ${short(manifest.version)}).`
        : 'Only steps of the deployed runbooks run here, and this run names none.',
      {
        hint: 'Run the step from its runbook page (reload it if the runbooks were redeployed since it was opened), or set RUNSHEET_STEPS=any where ad-hoc runs are acceptable.',
      },
    );
  }
  if (declared.action !== claim.action) {
    throw new ActionError(
      'step_not_declared',
      `Step ${declared.id} runs ${declared.action}, not ${claim.action}.`,
      { hint: 'Run the step from its runbook page as it is written.' },
    );
  }
  const {
    input: expected,
    missing,
    invalid,
  } = fillTemplate(declared.args, (name) => claim.params?.[name]);
  if (missing.length) {
    throw new ActionError('invalid_input', `Step ${declared.id} needs ${missing.join(', ')}.`, {
      hint: 'Fill in the page parameters at the top of the runbook, then run the step again.',
    });
  }
  if (invalid.length) {
    throw new ActionError('invalid_input', `Step ${declared.id}: ${invalid.join('; ')}.`, {
      hint: 'Correct the page parameter at the top of the runbook, then run the step again.',
    });
  }
  if (canonicalJson(expected) !== canonicalJson(claim.input)) {
    throw new ActionError(
      'step_not_declared',
      `The arguments sent are not those of step ${declared.id} on ${declared.page}: only its parameters (${declared.params.join(', ') || 'none'}) may change.`,
      { hint: 'Run the step from its runbook page as it is written.' },
    );
  }
  return manifest.version;
}

const short = (version: string) => version.slice(0, 12);
