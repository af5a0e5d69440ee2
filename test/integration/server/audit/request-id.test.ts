import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ephemeralKeys } from '../../../../server/audit/mac-keys.ts';
import {
  chain,
  eventEntry,
  GENESIS_HASH,
  type AuditRecord,
} from '../../../../server/audit/record.ts';
import { verifyChain } from '../../../../server/audit/verify-chain.ts';
import { createSqliteAuditStore } from '../../../../server/audit/sqlite-store.ts';
import { createLogger } from '../../../../server/log.ts';
import { orderWorkflowId } from '../../../../sandbox/shared.ts';
import { testApp } from '../../../support/app.ts';
import { startWms, type Wms } from '../../../support/wms.ts';

const temporal = inject('temporal');
let wms: Wms;
let runsheet: ReturnType<typeof testApp>;
let auditPath: string;
const logLines: Record<string, unknown>[] = [];

async function describeOrder(headers: Record<string, string> = {}) {
  const { orderId } = await wms.stuckOrder();
  const response = await runsheet.app.request('/api/runs', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      action: 'temporal.workflow.describe',
      input: { workflowId: orderWorkflowId(orderId) },
    }),
  });
  expect(response.status).toBe(200);
  const { id } = (await response.json()) as { id: string };
  return { runId: id, requestId: response.headers.get('x-request-id')! };
}

async function recordsOf(runId: string): Promise<AuditRecord[]> {
  const response = await runsheet.app.request(`/api/audit?runId=${runId}`);
  return ((await response.json()) as { records: AuditRecord[] }).records;
}

beforeAll(async () => {
  wms = await startWms(temporal);
  auditPath = join(mkdtempSync(join(tmpdir(), 'runsheet-request-id-')), 'audit.db');
  const log = createLogger('info', {
    write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>),
  });
  runsheet = testApp({ temporal }, { audit: createSqliteAuditStore(auditPath), log });
});

afterAll(async () => {
  await runsheet?.close();
  await wms?.close();
});

describe('one request id in the response, the logs and the audit trail', () => {
  it('stores the X-Request-Id the response returned in both audit records of the run', async () => {
    const { runId, requestId } = await describeOrder();
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const records = await recordsOf(runId);
    expect(records.map((record) => [record.kind, record.requestId])).toEqual([
      ['finished', requestId],
      ['started', requestId],
    ]);
  });

  it('writes it on the request’s JSON log line and on the run’s own lines', async () => {
    const { runId, requestId } = await describeOrder();
    const lines = logLines.filter((line) => line['requestId'] === requestId);
    expect(lines.map((line) => line['msg'])).toEqual(['run started', 'run finished', 'request']);
    expect(lines[2]).toMatchObject({ method: 'POST', path: '/api/runs', status: 200 });
    expect(lines[0]).toMatchObject({ runId, action: 'temporal.workflow.describe' });
  });

  it('makes its own id, and keeps the one a caller sent (a plain token) as clientRequestId', async () => {
    const given = await describeOrder({ 'x-request-id': 'incident-42-step-3' });
    expect(given.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const [record] = await recordsOf(given.runId);
    expect(record).toMatchObject({
      requestId: given.requestId,
      clientRequestId: 'incident-42-step-3',
    });
    expect(
      logLines.find((line) => line['msg'] === 'request' && line['requestId'] === given.requestId),
    ).toMatchObject({ clientRequestId: 'incident-42-step-3', actor: expect.any(String) });
    // Anything else could smuggle text into logs and exports: it is dropped.
    const odd = await describeOrder({ 'x-request-id': 'a b\u00e9"<script>' });
    expect(odd.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await recordsOf(odd.runId))[0]).not.toHaveProperty('clientRequestId');
  });

  it('shows it in the incident timeline export', async () => {
    const opened = await runsheet.app.request('/api/incidents', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Stuck orders', severity: 'P2' }),
    });
    const incident = (await opened.json()) as { id: string };
    const { runId, requestId } = await describeOrder();
    const timeline = await (
      await runsheet.app.request(`/api/incidents/${incident.id}/timeline`)
    ).text();
    expect(timeline).toContain(`${runId.slice(0, 8)} (request ${requestId})`);
    await runsheet.app.request(`/api/incidents/${incident.id}/close`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
  });

  it('is covered by the hash chain: changing it in the store breaks verification', async () => {
    const { runId } = await describeOrder();
    expect((await runsheet.audit.verify()).ok).toBe(true);
    const db = new DatabaseSync(auditPath);
    const row = db
      .prepare("SELECT seq, record FROM audit_records WHERE run_id = ? AND record LIKE '%started%'")
      .get(runId) as { seq: number; record: string };
    const edited = { ...(JSON.parse(row.record) as AuditRecord), requestId: 'someone-else' };
    db.prepare('UPDATE audit_records SET record = ? WHERE seq = ?').run(
      JSON.stringify(edited),
      row.seq,
    );
    db.close();
    expect(await runsheet.audit.verify()).toMatchObject({
      ok: false,
      problem: { seq: row.seq, reason: 'its content does not match its hash: edited' },
    });
  });
});

describe('records written before request ids were recorded', () => {
  it('still verify: a field a record never had is not part of its hash', async () => {
    const entry = eventEntry({
      kind: 'incident.opened',
      id: 'INC-1',
      actor: 'old@example.com',
      environment: 'test',
      action: 'incident',
      risk: 'read',
      input: {},
    });
    const older: Partial<typeof entry> = { ...entry };
    delete older.requestId;
    const keys = ephemeralKeys();
    const first = chain(older as typeof entry, 1, GENESIS_HASH, keys.signing);
    const second = chain({ ...entry, requestId: 'r-2' }, 2, first.hash, keys.signing);
    expect('requestId' in first).toBe(false);
    expect(await verifyChain([first, second], { keys })).toEqual({
      ok: true,
      checked: 2,
      problem: null,
    });
    // Adding the field to the old record afterwards is an edit like any other.
    expect(await verifyChain([{ ...first, requestId: 'r-1' }, second], { keys })).toMatchObject({
      ok: false,
      problem: { seq: 1 },
    });
  });
});
