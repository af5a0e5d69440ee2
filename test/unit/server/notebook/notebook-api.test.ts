import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../../server/audit/record.ts';
import type { Incident } from '../../../../server/incidents/incidents.ts';
import { testApp } from '../../../support/app.ts';

const runsheet = testApp({
  environment: 'staging',
  temporal: { address: '127.0.0.1:9', connectTimeoutMs: 200, rpcTimeoutMs: 300 },
  identity: {
    mode: 'token',
    tokens: [
      { user: 'ana@example.com', sha256: sha256('ana') },
      { user: 'ben@example.com', sha256: sha256('ben') },
      { user: 'vic@example.com', sha256: sha256('vic') },
    ],
    grants: [
      { subject: 'user:ana@example.com', role: 'operator' },
      { subject: 'user:ben@example.com', role: 'admin' },
      { subject: 'user:vic@example.com', role: 'viewer' },
    ],
  },
});
afterAll(() => runsheet.close());

const as = (token: string, path: string, body?: unknown, init: RequestInit = {}) =>
  runsheet.app.request(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...init,
  });

const opened = Promise.resolve(
  as('ana', '/api/incidents', { title: 'Orders stuck', severity: 'P1' }),
).then((response) => response.json() as Promise<Incident>);

/** Reads server-sent events off a live feed until `until` says enough. */
async function readFeed(
  response: Response,
  until: (events: { event: string; data: unknown }[]) => boolean,
) {
  const events: { event: string; data: unknown }[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
    }
  }
  await reader.cancel();
  return events;
}

describe('the incident notebook API', () => {
  it('says in /api/me what the person may run ad hoc, and why not', async () => {
    const me = (await (await as('vic', '/api/me')).json()) as { adhoc: Record<string, unknown> };
    expect(me.adhoc).toMatchObject({
      mode: 'read',
      read: null,
      write:
        'Only read actions run ad hoc in staging (policy.adhoc is read): a write action needs a runbook step.',
    });
  });

  it('keeps notes as redacted, chained records of the incident', async () => {
    const { id } = await opened;
    const response = await as('ana', `/api/incidents/${id}/notes`, {
      text: 'Found it: `mongosh mongodb://wes:hunter2@db/wes_db` and password=swordfish',
    });
    expect(response.status).toBe(201);
    const note = (await response.json()) as { text: string; author: string };
    expect(note).toMatchObject({
      author: 'ana@example.com',
      text: 'Found it: `mongosh mongodb://wes:[redacted]@db/wes_db` and password=[redacted]',
    });
    const detail = (await (await as('vic', `/api/incidents/${id}`)).json()) as {
      records: { kind: string }[];
    };
    expect(detail.records.map((record) => record.kind)).toEqual(['incident.opened', 'note.added']);
    expect((await (await as('vic', '/api/audit/verify')).json()) as object).toMatchObject({
      ok: true,
    });
  });

  it('streams new records and who is here to everyone on the page', async () => {
    const { id } = await opened;
    const { records } = (await (await as('ana', `/api/incidents/${id}`)).json()) as {
      records: { seq: number }[];
    };
    const after = records.at(-1)!.seq;
    const ana = await as('ana', `/api/incidents/${id}/live?after=${after}`);
    const feed = readFeed(ana, (events) =>
      events.some(
        (e) => e.event === 'record' && (e.data as { kind: string }).kind === 'note.added',
      ),
    );
    const ben = await as('ben', `/api/incidents/${id}/live?after=${after}`);
    const benFeed = readFeed(ben, (events) =>
      events.some((e) => e.event === 'presence' && (e.data as string[]).length === 2),
    );
    await expect(benFeed).resolves.toContainEqual({
      event: 'presence',
      data: ['ana@example.com', 'ben@example.com'],
    });
    await as('ben', `/api/incidents/${id}/notes`, { text: 'Scaling the worker back up.' });
    const events = await feed;
    expect(events).toContainEqual({
      event: 'presence',
      data: ['ana@example.com', 'ben@example.com'],
    });
    expect(events.find((e) => e.event === 'record')!.data).toMatchObject({
      kind: 'note.added',
      actor: 'ben@example.com',
      input: { text: 'Scaling the worker back up.' },
    });
  });

  it('shows what a typed line will run, or why it will not', async () => {
    const preview = async (line: string) =>
      (await as('vic', '/api/cells/preview', { line })).json() as Promise<Record<string, unknown>>;
    expect(await preview('kubectl get pods -n wms -l app=orchestrator-worker')).toMatchObject({
      runnable: true,
      action: 'kubernetes.pods.list',
      risk: 'read',
    });
    expect(await preview('kubectl logs <pod-name> -n wms')).toMatchObject({
      runnable: false,
      reason: 'Type the value of <podName>: a cell has no page parameters to fill it.',
    });
    expect(await preview('rm -rf /')).toMatchObject({ runnable: false });
  });

  it('lists the notes and the ad-hoc cells in the post-mortem export', async () => {
    const { id } = await opened;
    await as('vic', '/api/runs', {
      action: 'temporal.workflow.describe',
      input: { workflowId: 'order-fulfillment-ORD-9' },
      incidentId: id,
      line: 'temporal workflow describe --workflow-id order-fulfillment-ORD-9',
    });
    const markdown = await (await as('vic', `/api/incidents/${id}/timeline`)).text();
    expect(markdown).toContain(
      'ad hoc: `temporal workflow describe --workflow-id order-fulfillment-ORD-9`',
    );
    expect(markdown).toContain('## Ad-hoc cells');
    expect(markdown).toMatch(
      /vic@example.com: `temporal workflow describe --workflow-id order-fulfillment-ORD-9` \(read\) — failed: not a step as it stands/,
    );
    expect(markdown).toContain('## Notes');
    expect(markdown).toContain('Scaling the worker back up.');
  });
});
