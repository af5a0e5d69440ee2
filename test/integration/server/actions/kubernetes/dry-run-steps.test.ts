import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markdownToHtml } from 'satteri';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepManifest } from '../../../../../server/steps/declared-steps.ts';
import { runnableCodeBlocks } from '../../../../../src/runbooks/runnable-code-blocks.ts';
import { manifestOf } from '../../../../../src/runbooks/steps-manifest.ts';
import { testApp } from '../../../../support/app.ts';
import {
  adminClients,
  freshWmsNamespace,
  kubernetesConfig,
} from '../../../../support/kubernetes.ts';

/**
 * A runbook line with `--dry-run=server`, built as the site builds it (the Markdown plugin, then
 * the manifest read back from the HTML), run against the real test cluster: it previews and
 * changes nothing, and a confirmed run of it is refused; the same line without the flag scales.
 */
const PAGE = 'runbooks/dry-run';
const RUNBOOK = [
  '```bash',
  '# Preview the scale',
  'kubectl scale deploy/picking-service --replicas=3 --dry-run=server',
  '# Scale',
  'kubectl scale deploy/picking-service --replicas=3',
  '```',
].join('\n');

let fixtures: Awaited<ReturnType<typeof freshWmsNamespace>>;
let manifest: StepManifest;
let declared: ReturnType<typeof testApp>;
let any: ReturnType<typeof testApp>;
const site = mkdtempSync(join(tmpdir(), 'runsheet-dry-run-'));

beforeAll(async () => {
  fixtures = await freshWmsNamespace('dryrun');
  mkdirSync(join(site, PAGE), { recursive: true });
  const html = markdownToHtml(RUNBOOK, { mdastPlugins: [runnableCodeBlocks] }).html;
  writeFileSync(join(site, PAGE, 'index.html'), html);
  manifest = manifestOf(site);
  const kubernetes = kubernetesConfig(fixtures.namespace);
  declared = testApp({ kubernetes, steps: 'declared' }, { manifest });
  any = testApp({ kubernetes, steps: 'any' }, { manifest });
});

afterAll(async () => {
  await declared?.close();
  await any?.close();
  await fixtures?.remove();
  rmSync(site, { recursive: true, force: true });
});

const replicas = async () =>
  (
    await adminClients().apps.readNamespacedDeployment({
      name: 'picking-service',
      namespace: fixtures.namespace,
    })
  ).spec!.replicas;
const stepRun = (previewOnly: boolean, confirm: boolean) => {
  const step = manifest.steps.find((entry) => (entry.previewOnly === true) === previewOnly)!;
  return {
    action: step.action,
    input: step.args,
    page: step.page,
    step: step.id,
    params: {},
    confirm,
  };
};

describe('a kubectl --dry-run=server step', () => {
  it('is declared as a preview-only step beside the change', () => {
    expect(manifest.steps).toHaveLength(2);
    expect(manifest.steps.map((step) => [step.action, step.previewOnly ?? false]).sort()).toEqual([
      ['kubernetes.deployment.scale', false],
      ['kubernetes.deployment.scale', true],
    ]);
  });

  it('previews from the cluster and changes nothing', async () => {
    const { status, body } = await declared.run(stepRun(true, false));
    expect(status).toBe(409);
    expect(body.error).toMatchObject({
      code: 'confirmation_required',
      preview: {
        summary: `Scale deployment picking-service in ${fixtures.namespace} from 1 to 3 replicas`,
        details: { dryRun: true, changes: [{ field: 'spec.replicas', from: 1, to: 3 }] },
      },
    });
    expect(await replicas()).toBe(1);
  });

  it('refuses a confirmed run of it, in declared and in any mode, before anything runs', async () => {
    for (const app of [declared, any]) {
      const started = async () =>
        (await app.audit.list({ limit: 1000 })).filter((record) => record.kind === 'started');
      const before = (await started()).length;
      const { status, body } = await app.run(stepRun(true, true));
      expect(status).toBe(403);
      expect(body.error).toMatchObject({
        code: 'step_not_declared',
        message: expect.stringMatching(/is a dry run .*confirmed run of it is refused/),
        hint: expect.stringContaining('without confirming'),
      });
      // Refused at admission: no run started, so nothing reached the cluster.
      expect((await started()).length).toBe(before);
    }
    expect(await replicas()).toBe(1);
  });

  it('leaves the same line without --dry-run a change that scales when confirmed', async () => {
    const preview = await declared.run(stepRun(false, false));
    expect(preview.status).toBe(409);
    const { status, body } = await declared.run(stepRun(false, true));
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ replicasBefore: 1, replicasAfter: 3 });
    expect(await replicas()).toBe(3);
  });
});
