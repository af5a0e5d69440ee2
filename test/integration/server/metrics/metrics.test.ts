import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orderWorkflowId } from '../../../../sandbox/shared.ts';
import { testApp } from '../../../support/app.ts';
import { kubernetesConfig } from '../../../support/kubernetes.ts';
import { mongo, mongoSettings } from '../../../support/mongo.ts';
import { startWms, type Wms } from '../../../support/wms.ts';

const temporal = inject('temporal');
let wms: Wms;
let runsheet: ReturnType<typeof testApp>;

async function scrape(app = runsheet.app) {
  const response = await app.request('/metrics');
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
}

/** The value of one sample, e.g. `runsheet_target_up{target="temporal"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

beforeAll(async () => {
  wms = await startWms(temporal);
  runsheet = testApp({
    temporal,
    mongo: mongoSettings(),
    kubernetes: kubernetesConfig(),
    identity: { localUser: 'erin@example.com' },
  });
});

afterAll(async () => {
  await runsheet?.close();
  await wms?.close();
});

describe('GET /metrics', () => {
  it('counts runs by action, risk and outcome and times them by action, in Prometheus text format', async () => {
    const { orderId } = await wms.stuckOrder();
    const workflowId = orderWorkflowId(orderId);
    expect(
      (await runsheet.run({ action: 'temporal.workflow.describe', input: { workflowId } })).status,
    ).toBe(200);
    expect(
      (await runsheet.run({ action: 'temporal.workflow.describe', input: { workflowId } })).status,
    ).toBe(200);
    expect(
      (
        await runsheet.run({
          action: 'temporal.workflow.describe',
          input: { workflowId: `${workflowId}-missing` },
        })
      ).status,
    ).toBe(404);
    const unconfirmed = await runsheet.run({
      action: 'temporal.workflow.signal',
      input: { workflowId, signalName: 'waveAssigned' },
    });
    expect(unconfirmed.status).toBe(409);

    const { status, type, text } = await scrape();
    expect(status).toBe(200);
    expect(type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text).toContain('# TYPE runsheet_runs_total counter');
    expect(text).toContain('# TYPE runsheet_run_duration_seconds histogram');
    const describe = 'action="temporal.workflow.describe",risk="read"';
    expect(sample(text, `runsheet_runs_total{${describe},outcome="succeeded"}`)).toBe(2);
    expect(sample(text, `runsheet_runs_total{${describe},outcome="failed"}`)).toBe(1);
    expect(
      sample(
        text,
        'runsheet_runs_total{action="temporal.workflow.signal",risk="write",outcome="refused"}',
      ),
    ).toBe(1);
    expect(
      sample(text, 'runsheet_run_duration_seconds_count{action="temporal.workflow.describe"}'),
    ).toBe(3);
    expect(
      sample(
        text,
        'runsheet_run_duration_seconds_bucket{le="+Inf",action="temporal.workflow.describe"}',
      ),
    ).toBe(3);
  });

  it('says which targets answer, from the same checks as /api/ready', async () => {
    const { text } = await scrape();
    expect(sample(text, 'runsheet_target_up{target="temporal"}')).toBe(1);
    expect(sample(text, 'runsheet_target_up{target="mongo"}')).toBe(1);
    expect(sample(text, 'runsheet_target_up{target="kubernetes"}')).toBe(1);
    expect(sample(text, 'runsheet_target_check_seconds{target="temporal"}')).toBeGreaterThanOrEqual(
      0,
    );

    const down = testApp({ temporal: { address: '127.0.0.1:9', connectTimeoutMs: 300 } });
    try {
      const ready = (await (await down.app.request('/api/ready')).json()) as { ready: boolean };
      expect(ready.ready).toBe(false);
      const { text: downText } = await scrape(down.app);
      expect(sample(downText, 'runsheet_target_up{target="temporal"}')).toBe(0);
      // Targets not configured are not checked, so they have no series at all.
      expect(sample(downText, 'runsheet_target_up{target="mongo"}')).toBeUndefined();
    } finally {
      await down.close();
    }
  });

  it('needs no identity but shows no one’s name, no argument, address or secret', async () => {
    const tokenOnly = testApp({
      temporal,
      mongo: mongoSettings(),
      identity: { mode: 'token', tokens: [] },
    });
    try {
      const { status, text } = await scrape(tokenOnly.app);
      expect(status).toBe(200);
      expect(text).toContain('runsheet_target_up');
    } finally {
      await tokenOnly.close();
    }
    const { text } = await scrape();
    expect(text).not.toContain('erin@example.com');
    expect(text).not.toContain('order-fulfillment');
    expect(text).not.toContain(temporal.address);
    expect(text).not.toContain(mongo.address);
    if (mongo.password) expect(text).not.toContain(mongo.password);
    // Every label is one of the four it is allowed to carry.
    const labels = new Set([...text.matchAll(/[{,](\w+)="/g)].map((match) => match[1]));
    expect([...labels].sort()).toEqual(['action', 'le', 'outcome', 'risk', 'target'].sort());
  });
});
