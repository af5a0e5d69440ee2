import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orderWorkflowId } from '../../sandbox/shared.ts';
import { loadStepManifest, type ManifestStep } from '../../server/steps/declared-steps.ts';
import { startMain } from '../support/main-process.ts';
import { startWms, type Wms } from '../support/wms.ts';
import { noTargets } from './attack.ts';

/**
 * A caller who names a page and step the run is not (issue 12, low): in `any` mode the trail once
 * kept whatever page/step/version a run claimed, and the caller chose the request id the trail and
 * logs file it under. Now a record names a page and step only when the run is that step of the
 * deployed manifest, `declared` mode refuses the rest (recorded), and request ids are the server's.
 */
type Run = { id: string };
type AuditRecord = {
  kind: string;
  page: string | null;
  step: string | null;
  requestId: string;
  clientRequestId?: string;
  error: { code: string } | null;
};

const manifest = loadStepManifest('dist');
let describeStep: ManifestStep;
let historyStep: ManifestStep;
let anyMode: Awaited<ReturnType<typeof startMain>>;
let declaredMode: Awaited<ReturnType<typeof startMain>>;
let wms: Wms;
let orderId: string;

beforeAll(async () => {
  if (!manifest) throw new Error('dist/runsheet-steps.json is missing: run `npm run build` first.');
  const find = (action: string) =>
    manifest.steps.find(
      (step) => step.action === action && step.args['workflowId'] === 'order-fulfillment-{orderId}',
    )!;
  describeStep = find('temporal.workflow.describe');
  wms = await startWms(inject('temporal'));
  ({ orderId } = await wms.stuckOrder());
  historyStep = find('temporal.workflow.history');
  const settings = {
    ...noTargets(mkdtempSync(join(tmpdir(), 'runsheet-home-'))),
    RUNSHEET_TEMPORAL_ADDRESS: inject('temporal').address,
    RUNSHEET_ENVIRONMENT: 'staging',
    RUNSHEET_LOCAL_USER: 'mallory@example.com',
  };
  [anyMode, declaredMode] = await Promise.all([
    startMain({ ...settings, RUNSHEET_STEPS: 'any' }),
    startMain({ ...settings, RUNSHEET_STEPS: 'declared' }),
  ]);
});
afterAll(async () => {
  await Promise.all([anyMode?.stop(), declaredMode?.stop(), wms?.close()]);
});

async function run(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/api/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    requestId: response.headers.get('x-request-id'),
    body: (await response.json()) as Partial<Run> & { error?: { code: string } },
  };
}

async function records(url: string, query: string): Promise<AuditRecord[]> {
  const response = await fetch(`${url}/api/audit?limit=100&${query}`);
  return ((await response.json()) as { records: AuditRecord[] }).records;
}

/** A describe of a running order's workflow, claiming to be `step` of the runbooks. */
const claiming = (step: ManifestStep, workflowId = orderWorkflowId(orderId)) => ({
  action: 'temporal.workflow.describe',
  input: { workflowId },
  page: step.page,
  step: step.id,
  params: { orderId },
});

describe('page and step claimed by the caller, in any mode', () => {
  it('are kept when the run is that step of the deployed runbooks', async () => {
    const { body } = await run(anyMode.url, claiming(describeStep));
    const trail = await records(anyMode.url, `runId=${body.id}`);
    expect(trail.map((record) => [record.page, record.step])).toEqual([
      [describeStep.page, describeStep.id],
      [describeStep.page, describeStep.id],
    ]);
  });

  it('are dropped when the run is not: other arguments, another step, a page that does not exist', async () => {
    const forged = [
      claiming(describeStep, `planning-${orderId}`),
      claiming(historyStep),
      { ...claiming(describeStep), page: 'runbooks/no-such-runbook' },
    ];
    for (const body of forged) {
      const answer = await run(anyMode.url, body);
      expect(answer.body.id).toEqual(expect.any(String));
      const trail = await records(anyMode.url, `runId=${answer.body.id}`);
      expect(trail.length).toBe(2);
      for (const record of trail) expect([record.page, record.step]).toEqual([null, null]);
    }
  });
});

describe('page and step claimed by the caller, in declared mode', () => {
  it('a run that is not the step it claims is refused before it runs, and the refusal recorded', async () => {
    const answer = await run(declaredMode.url, claiming(describeStep, `planning-${orderId}`));
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: 'step_not_declared' });
    const trail = await records(declaredMode.url, '');
    expect(trail.map((record) => record.kind)).toEqual(['refused']);
    expect(trail[0]).toMatchObject({ error: { code: 'step_not_declared' } });
  });
});

describe('request ids', () => {
  it("are the server's: one a caller sends (another run's) is kept beside it, never as it", async () => {
    const first = await run(anyMode.url, claiming(describeStep));
    const second = await run(anyMode.url, claiming(describeStep), {
      'x-request-id': first.requestId!,
    });
    expect(second.requestId).not.toBe(first.requestId);
    const trail = await records(anyMode.url, `runId=${second.body.id}`);
    expect(trail.length).toBe(2);
    for (const record of trail) {
      expect(record.requestId).toBe(second.requestId);
      expect(record.clientRequestId).toBe(first.requestId);
    }
  });

  it('one that is not a plain token is dropped, not written into the trail', async () => {
    const answer = await run(anyMode.url, claiming(describeStep), {
      'x-request-id': '"; DROP TABLE audit; -- <script>',
    });
    const trail = await records(anyMode.url, `runId=${answer.body.id}`);
    for (const record of trail) expect(record.clientRequestId).toBeUndefined();
  });
});
