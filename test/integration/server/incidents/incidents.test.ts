import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orderWorkflowId } from '../../../../sandbox/shared.ts';
import { testApp } from '../../../support/app.ts';
import { describeStepManifest } from '../../../support/manifest.ts';
import { startWms, type Wms } from '../../../support/wms.ts';

const temporal = inject('temporal');
let wms: Wms;
let runsheet: ReturnType<typeof testApp>;

const post = (path: string, body: unknown) =>
  runsheet.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  wms = await startWms(temporal);
  runsheet = testApp(
    { temporal, environment: 'staging', identity: { localUser: 'frank@example.com' } },
    {
      manifest: describeStepManifest(
        'runbooks/stuck-workflow-recovery',
        '1. Check workflow status',
      ),
    },
  );
});

afterAll(async () => {
  await runsheet?.close();
  await wms?.close();
});

describe('incidents', () => {
  it('attaches the runs made while one is open, and exports the timeline as Markdown', async () => {
    const before = await wms.stuckOrder();
    await runsheet.run({
      action: 'temporal.workflow.describe',
      input: { workflowId: orderWorkflowId(before.orderId) },
    });

    const opened = await post('/api/incidents', {
      title: 'Orders stuck waiting for waves',
      severity: 'P1',
      ticket: 'https://tickets.example.com/INC-456',
    });
    expect(opened.status).toBe(201);
    const incident = (await opened.json()) as { id: string };
    expect((await post('/api/incidents', { title: 'Another', severity: 'P3' })).status).toBe(409);

    const { orderId } = await wms.stuckOrder();
    const described = await runsheet.run({
      action: 'temporal.workflow.describe',
      input: { workflowId: orderWorkflowId(orderId) },
      page: 'runbooks/stuck-workflow-recovery',
      step: '1. Check workflow status',
      params: { orderId },
    });
    await runsheet.run({
      action: 'temporal.workflow.terminate',
      input: { workflowId: orderWorkflowId(orderId) },
      confirm: true,
      reason: 'Stuck workflow - manual restart required',
    });
    const closed = await post(`/api/incidents/${incident.id}/close`, {
      summary: 'WES lost wave assignments; resent.',
    });
    expect(await closed.json()).toMatchObject({
      closedBy: 'frank@example.com',
      summary: 'WES lost wave assignments; resent.',
    });
    await runsheet.run({
      action: 'temporal.workflow.describe',
      input: { workflowId: orderWorkflowId(orderId) },
    });

    const attached = await (
      await runsheet.app.request(`/api/audit?incidentId=${incident.id}&limit=100`)
    ).json();
    const runIds = new Set(
      (attached as { records: { runId: string; kind: string }[] }).records
        .filter((r) => r.kind === 'finished')
        .map((r) => r.runId),
    );
    expect(runIds.size).toBe(2);
    expect(runIds.has(described.body.id!)).toBe(true);

    const timeline = await runsheet.app.request(`/api/incidents/${incident.id}/timeline`);
    expect(timeline.headers.get('content-type')).toContain('text/markdown');
    const markdown = await timeline.text();
    expect(markdown).toContain(`# ${incident.id}: Orders stuck waiting for waves`);
    expect(markdown).toContain('- Ticket: https://tickets.example.com/INC-456');
    expect(markdown).toContain('- Closed: ');
    expect(markdown).toMatch(
      new RegExp(
        `\\| frank@example.com \\| runbooks/stuck-workflow-recovery › 1\\. Check workflow status \\| temporal.workflow.describe ${orderWorkflowId(orderId)} \\| read \\| succeeded`,
      ),
    );
    expect(markdown).toContain(
      `| temporal.workflow.terminate ${orderWorkflowId(orderId)} | destructive | succeeded`,
    );
    expect(markdown).toContain('| Stuck workflow - manual restart required |');
    expect(markdown.match(/^\| \d{4}-/gm)).toHaveLength(2);
  });

  it('says what is wrong with a bad incident', async () => {
    const response = await post('/api/incidents', {
      title: '',
      severity: 'P9',
      ticket: 'not a link',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      'Invalid incident: title: give the incident a title; severity: Invalid option: expected one of "P0"|"P1"|"P2"|"P3"; ticket: a link, e.g. https://tickets.example.com/INC-456',
    );
  });
});
