import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMain } from '../support/main-process.ts';
import { api, configFile, errorOf, noTargets, rawRequest, tokenIdentity } from './attack.ts';

/**
 * The incident notebook's preview of a typed line (POST /api/cells/preview) had no role check:
 * anyone identified, granted nothing, had the server parse whatever they sent. Now it needs the
 * viewer role, checked before the body is read, as on the other routes.
 */
let runsheet: Awaited<ReturnType<typeof startMain>>;
const line = 'temporal workflow describe --workflow-id order-fulfillment-ORD-1';

beforeAll(async () => {
  runsheet = await startMain({
    ...noTargets(mkdtempSync(join(tmpdir(), 'runsheet-home-'))),
    RUNSHEET_CONFIG: configFile({
      identity: tokenIdentity({
        'vic@example.com': [{ role: 'viewer' }],
        'stranger@example.com': [],
      }),
    }),
  });
});
afterAll(() => runsheet?.stop());

describe('previewing a typed line', () => {
  it('is refused to someone granted nothing, saying which role it needs', async () => {
    const answer = await api(runsheet.url, 'stranger@example.com', '/api/cells/preview', { line });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({
      code: 'permission_denied',
      message:
        'Previewing a typed line needs the viewer role in production, which stranger@example.com does not have.',
    });
  });

  it('is refused for the role before the body is parsed: malformed JSON is never looked at', async () => {
    const answer = await rawRequest(runsheet.url, {
      method: 'POST',
      path: '/api/cells/preview',
      headers: {
        authorization: 'Bearer stranger@example.com',
        'content-type': 'application/json',
        'content-length': '9',
      },
    });
    expect(answer.status).toBe(403);
    expect(errorOf(answer).code).toBe('permission_denied');
  });

  it('is refused to no one in particular (no token)', async () => {
    const answer = await api(runsheet.url, null, '/api/cells/preview', { line });
    expect(answer.status).toBe(401);
    expect(answer.body.error?.code).toBe('unauthenticated');
  });

  it('is given to a viewer: what the line would run', async () => {
    const answer = await api(runsheet.url, 'vic@example.com', '/api/cells/preview', { line });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      runnable: true,
      action: 'temporal.workflow.describe',
      risk: 'read',
      input: { workflowId: 'order-fulfillment-ORD-1' },
    });
  });
});
