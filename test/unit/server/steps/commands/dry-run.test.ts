import { markdownToHtml } from 'satteri';
import { describe, expect, it } from 'vitest';
import { previewLine } from '../../../../../server/notebook/cell-preview.ts';
import { parseCommand } from '../../../../../server/steps/commands/parse.ts';
import { copyLine, roundTripProblem } from '../../../../../server/steps/commands/round-trip.ts';
import { toCli } from '../../../../../server/steps/commands/to-cli.ts';
import {
  checkDeclaredStep,
  type StepManifest,
} from '../../../../../server/steps/declared-steps.ts';
import { runnableCodeBlocks } from '../../../../../src/runbooks/runnable-code-blocks.ts';
import { defineStep, readStep } from '../../../../../src/runbooks/step.ts';
import { stepTags } from '../../../../../src/runbooks/steps-manifest.ts';

const mapped = (line: string) => {
  const parsed = parseCommand(line);
  if (!parsed.runnable) throw new Error(`${line}: ${parsed.reason}`);
  return parsed;
};
const refused = (line: string) => {
  const parsed = parseCommand(line);
  expect(parsed.runnable, line).toBe(false);
  return parsed.runnable ? '' : parsed.reason;
};

describe('--dry-run on a kubectl line', () => {
  it('makes a change preview only, with client, server or alone (kubectl’s client)', () => {
    for (const flag of ['--dry-run=server', '--dry-run=client', '--dry-run']) {
      expect(mapped(`kubectl scale deploy/x --replicas=3 ${flag}`)).toMatchObject({
        action: 'kubernetes.deployment.scale',
        input: { name: 'x', replicas: 3 },
        previewOnly: true,
      });
    }
    expect(mapped('kubectl delete pod foo --dry-run=client')).toMatchObject({
      action: 'kubernetes.pod.restart',
      input: { pod: 'foo' },
      previewOnly: true,
    });
    expect(mapped('kubectl rollout undo deployment/x -n wms --dry-run=server')).toMatchObject({
      action: 'kubernetes.deployment.rollback',
      input: { name: 'x', namespace: 'wms' },
      previewOnly: true,
    });
  });

  it('runs normally with --dry-run=none', () => {
    const parsed = mapped('kubectl scale deployment x --replicas=2 --dry-run=none');
    expect(parsed.action).toBe('kubernetes.deployment.scale');
    expect(parsed).not.toHaveProperty('previewOnly');
  });

  it('stays copy-only, saying what to do, on a read, a restart, or another value', () => {
    expect(refused('kubectl get pods --dry-run=server')).toMatch(/only reads.*drop --dry-run/);
    expect(refused('kubectl logs p1 --dry-run')).toMatch(/only reads/);
    expect(refused('kubectl rollout restart deploy/x --dry-run=server')).toMatch(
      /rollout restart has no --dry-run.*drop it/,
    );
    expect(refused('kubectl delete pod foo --dry-run=true')).toMatch(
      /`--dry-run=true`: kubectl takes none, client or server: write --dry-run=server/,
    );
    // kubectl takes the value only after `=`: `server` here would be a second pod to delete.
    expect(refused('kubectl delete pod foo --dry-run server')).toMatch(/write --dry-run=server/);
    expect(refused('kubectl scale deploy/x --replicas=3 --dry-run --dry-run=none')).toMatch(
      /given twice/,
    );
  });
});

describe('Copy as CLI of a preview-only step', () => {
  const scale = { action: 'kubernetes.deployment.scale', args: { name: 'x', replicas: 3 } };

  it('writes --dry-run=server, and the line reads back as the same dry run', () => {
    expect(toCli(scale.action, scale.args, true)).toBe(
      'kubectl scale deployment x --replicas=3 --dry-run=server',
    );
    expect(copyLine({ ...scale, command: null, previewOnly: true })).toBe(
      'kubectl scale deployment x --replicas=3 --dry-run=server',
    );
    expect(roundTripProblem({ ...scale, command: null, previewOnly: true })).toBeNull();
  });

  it('never copies the change for a dry run, nor a dry run for the change', () => {
    const dry = 'kubectl scale deploy/x --replicas=3 --dry-run=client';
    expect(roundTripProblem({ ...scale, command: dry })).toMatch(/preview only/);
    expect(roundTripProblem({ ...scale, command: dry, previewOnly: true })).toBeNull();
    expect(
      roundTripProblem({
        ...scale,
        command: 'kubectl scale deploy/x --replicas=3',
        previewOnly: true,
      }),
    ).toMatch(/the change itself/);
    // A <Run> step whose command is the change, marked preview-only: the generated line instead.
    expect(
      copyLine({ ...scale, command: 'kubectl scale deploy/x --replicas=3', previewOnly: true }),
    ).toBe('kubectl scale deployment x --replicas=3 --dry-run=server');
  });

  it('gives no line where kubectl has no --dry-run, or for a read', () => {
    expect(toCli('kubernetes.deployment.restart', { name: 'x' }, true)).toBeNull();
    expect(
      copyLine({
        action: 'kubernetes.deployment.restart',
        args: { name: 'x' },
        command: null,
        previewOnly: true,
      }),
    ).toBeNull();
    expect(toCli('temporal.workflow.terminate', { workflowId: 'w1' }, true)).toBeNull();
  });
});

describe('a preview-only step on the page', () => {
  const html = markdownToHtml(
    [
      '```bash',
      '# Preview the scale',
      'kubectl scale deploy/picking-service --replicas=3 --dry-run=server',
      '# Scale',
      'kubectl scale deploy/picking-service --replicas=3',
      '```',
    ].join('\n'),
    { mdastPlugins: [runnableCodeBlocks] },
  ).html;
  const [dry, real] = stepTags(html).map(readStep);

  it('carries the fact in a data attribute, shows a dry-run badge, and is another step than the change', () => {
    expect(dry).toMatchObject({ action: 'kubernetes.deployment.scale', previewOnly: true });
    expect(real).toMatchObject({ action: 'kubernetes.deployment.scale', previewOnly: false });
    expect(dry!.args).toEqual(real!.args);
    expect(dry!.id).not.toBe(real!.id);
    expect(html).toContain('data-preview-only');
    expect(html.match(/data-dry-run/g)).toHaveLength(1);
    expect(dry!.cli).toBe('kubectl scale deploy/picking-service --replicas=3 --dry-run=server');
  });

  it('keeps the id of every step that is not a dry run', () => {
    const step = defineStep({
      action: 'kubernetes.deployment.scale',
      args: real!.args,
      label: 'Scale',
    });
    expect(step.id).toBe(real!.id);
  });

  it('fails the build for a <Run> whose command and previewOnly disagree', () => {
    const scale = { action: 'kubernetes.deployment.scale', args: { name: 'x', replicas: 3 } };
    expect(() =>
      defineStep({ ...scale, command: 'kubectl scale deploy/x --replicas=3 --dry-run=server' }),
    ).toThrow(/add previewOnly to the step, or drop --dry-run/);
    expect(() =>
      defineStep({ ...scale, command: 'kubectl scale deploy/x --replicas=3', previewOnly: true }),
    ).toThrow(/add --dry-run=server/);
    expect(
      defineStep({
        ...scale,
        command: 'kubectl scale deploy/x --replicas=3 --dry-run=server',
        previewOnly: true,
      }),
    ).toMatchObject({
      previewOnly: true,
      cli: 'kubectl scale deploy/x --replicas=3 --dry-run=server',
    });
  });

  it('fails the build for a preview-only step of a read', () => {
    expect(() =>
      defineStep({ action: 'kubernetes.pods.list', args: {}, previewOnly: true }),
    ).toThrow(/only reads/);
  });
});

describe('the declared-steps gate and a dry-run step', () => {
  const manifest: StepManifest = {
    version: 'v1',
    steps: [
      {
        page: 'runbooks/p',
        id: 'step-preview-1',
        action: 'kubernetes.deployment.scale',
        args: { name: 'x', replicas: 3 },
        params: [],
        command: 'kubectl scale deploy/x --replicas=3 --dry-run=server',
        previewOnly: true,
      },
    ],
  };
  const claim = {
    action: 'kubernetes.deployment.scale',
    input: { name: 'x', replicas: 3 },
    page: 'runbooks/p',
    step: 'step-preview-1',
  };

  it('takes it unconfirmed (the preview), and refuses it confirmed, in either mode', () => {
    expect(checkDeclaredStep({ mode: 'declared', manifest }, claim)).toBe('v1');
    for (const mode of ['declared', 'any'] as const) {
      expect(() => checkDeclaredStep({ mode, manifest }, { ...claim, confirm: true })).toThrow(
        /is a dry run .*--dry-run=server.*confirmed run of it is refused/,
      );
    }
  });
});

describe('a scratch cell of an incident notebook', () => {
  it('refuses a --dry-run line rather than run the change it says not to make', () => {
    expect(previewLine('kubectl scale deploy/x --replicas=3 --dry-run=server')).toMatchObject({
      runnable: false,
      reason: expect.stringMatching(/does not take --dry-run: drop it/),
    });
    expect(previewLine('kubectl scale deploy/x --replicas=3')).toMatchObject({ runnable: true });
  });
});
