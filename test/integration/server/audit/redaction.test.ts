import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sha256 } from '../../../../server/audit/record.ts';
import { createLogger } from '../../../../server/log.ts';
import { testApp } from '../../../support/app.ts';

const temporal = inject('temporal');
const TOKEN = 'rs_live_7f3c9a1e5b2d4f60';
const PASSWORD = 'Wes-Db-Pa55w0rd';
const logs: string[] = [];
let runsheet: ReturnType<typeof testApp>;

beforeAll(() => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  runsheet = testApp(
    {
      temporal,
      identity: {
        mode: 'token',
        tokens: [{ user: 'judy@example.com', sha256: sha256(TOKEN) }],
        grants: [{ subject: '*', role: 'admin' }],
      },
    },
    { log: createLogger('trace', sink) },
  );
});

afterAll(() => runsheet?.close());

describe('secrets never leave the server', () => {
  it('keeps a token and a connection-string password out of answers, the trail and the logs', async () => {
    const answers: string[] = [];
    const call = async (path: string, body?: unknown) => {
      const response = await runsheet.app.request(path, {
        method: body ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      answers.push(await response.text());
    };
    const uri = `mongodb://wes:${PASSWORD}@mongodb.wms:27017/wes_db`;
    await call('/api/runs', { action: 'temporal.workflow.describe', input: { workflowId: uri } });
    await call('/api/runs', {
      action: 'temporal.workflow.list',
      input: { query: `WorkflowId="${uri}"` },
    });
    await call('/api/runs', {
      action: 'temporal.workflow.terminate',
      input: { workflowId: uri },
      confirm: true,
      reason: `rotating ${uri}`,
    });
    await call('/api/me');
    await call('/api/audit?limit=1000');

    const everywhere = [...answers, ...logs].join('\n');
    expect(answers.join('\n')).toContain('[redacted]');
    expect(logs.length).toBeGreaterThan(5);
    expect(everywhere).not.toContain(PASSWORD);
    expect(everywhere).not.toContain(TOKEN);
  });
});
