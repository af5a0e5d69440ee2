import { describe, expect, it } from 'vitest';
import { checkDeclaredStep, type StepManifest } from '../../../../server/steps/declared-steps.ts';

const manifest: StepManifest = {
  version: 'a1b2c3d4e5f6a1b2c3d4e5f6',
  steps: [
    {
      page: 'runbooks/stuck-workflow-recovery',
      id: 'step-check-workflow-status-2096ee',
      action: 'temporal.workflow.describe',
      args: { workflowId: 'order-fulfillment-{orderId}' },
      params: ['orderId'],
      command: 'temporal workflow show --workflow-id order-fulfillment-<order-id>',
    },
  ],
};
const declared = { mode: 'declared' as const, manifest };
const claim = {
  action: 'temporal.workflow.describe',
  input: { workflowId: 'order-fulfillment-ORD-1' },
  page: 'runbooks/stuck-workflow-recovery',
  step: 'step-check-workflow-status-2096ee',
  params: { orderId: 'ORD-1' },
};
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string; hint: string };
  }
  throw new Error('not refused');
};

describe('checkDeclaredStep', () => {
  it('runs a step of the manifest with its parameters filled, naming the runbook version', () => {
    expect(checkDeclaredStep(declared, claim)).toBe(manifest.version);
  });

  it('refuses an ad-hoc call, an unknown step and a step run as another action', () => {
    expect(
      refusal(() => checkDeclaredStep(declared, { ...claim, page: undefined, step: undefined })),
    ).toMatchObject({ code: 'step_not_declared', message: expect.stringMatching(/names none/) });
    expect(refusal(() => checkDeclaredStep(declared, { ...claim, step: 'made-up' }))).toMatchObject(
      {
        code: 'step_not_declared',
        message: expect.stringContaining(
          'There is no step made-up on runbooks/stuck-workflow-recovery',
        ),
      },
    );
    expect(
      refusal(() =>
        checkDeclaredStep(declared, { ...claim, action: 'temporal.workflow.terminate' }),
      ),
    ).toMatchObject({ code: 'step_not_declared' });
  });

  it('refuses fixed arguments altered or added; only the parameters may vary', () => {
    const altered = refusal(() =>
      checkDeclaredStep(declared, { ...claim, input: { workflowId: 'planning-ORD-1' } }),
    );
    expect(altered).toMatchObject({
      code: 'step_not_declared',
      message: expect.stringContaining('only its parameters (orderId) may change'),
    });
    expect(
      refusal(() =>
        checkDeclaredStep(declared, { ...claim, input: { ...claim.input, namespace: 'other' } }),
      ),
    ).toMatchObject({ code: 'step_not_declared' });
    // A parameter that smuggles a different target is just a different value of the slot.
    expect(
      checkDeclaredStep(declared, {
        ...claim,
        input: { workflowId: 'order-fulfillment-ORD-2' },
        params: { orderId: 'ORD-2' },
      }),
    ).toBe(manifest.version);
  });

  it('asks for a missing parameter by name', () => {
    expect(refusal(() => checkDeclaredStep(declared, { ...claim, params: {} }))).toMatchObject({
      code: 'invalid_input',
      message: 'Step step-check-workflow-status-2096ee needs orderId.',
    });
  });

  it('without a manifest refuses every run and says to build the site', () => {
    expect(
      refusal(() => checkDeclaredStep({ mode: 'declared', manifest: null }, claim)).hint,
    ).toMatch(/npm run build/);
  });

  it('in `any` mode runs ad-hoc calls and still names the version of a known step', () => {
    const any = { mode: 'any' as const, manifest };
    expect(checkDeclaredStep(any, { ...claim, step: undefined })).toBeNull();
    expect(checkDeclaredStep(any, claim)).toBe(manifest.version);
    expect(checkDeclaredStep({ mode: 'any', manifest: null }, claim)).toBeNull();
  });
});
