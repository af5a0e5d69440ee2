import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMain } from '../support/main-process.ts';
import { configFile, errorOf, noTargets, rawRequest } from './attack.ts';

/**
 * Proxy mode with identity headers sent twice (issue 12, low): fetch's Headers joins repeated
 * headers with commas, so a second user or group list that a client slipped past the proxy would
 * merge into what the proxy said (`readers, admins`). Such a request is refused, and recorded.
 */
let runsheet: Awaited<ReturnType<typeof startMain>>;

beforeAll(async () => {
  runsheet = await startMain({
    ...noTargets(mkdtempSync(join(tmpdir(), 'runsheet-home-'))),
    RUNSHEET_CONFIG: configFile({
      identity: {
        mode: 'proxy',
        grants: [
          { subject: 'group:readers', role: 'viewer' },
          { subject: 'group:admins', role: 'admin' },
        ],
      },
    }),
  });
});
afterAll(() => runsheet?.stop());

const me = (headers: Record<string, string | string[]>, path = '/api/me') =>
  rawRequest(runsheet.url, { path, headers });

describe('identity headers from the proxy', () => {
  it('sent once each, name the person and their groups', async () => {
    const answer = await me({
      'x-forwarded-user': 'alice@example.com',
      'x-forwarded-groups': 'readers',
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({
      actor: { id: 'alice@example.com', groups: ['readers'] },
      role: 'viewer',
    });
  });

  it('a second user header is refused, not merged or picked from', async () => {
    const answer = await me({
      'x-forwarded-user': ['alice@example.com', 'admin@example.com'],
      'x-forwarded-groups': 'readers',
    });
    expect(answer.status).toBe(401);
    expect(errorOf(answer)).toMatchObject({
      code: 'unauthenticated',
      message: 'The request carries x-forwarded-user more than once, so who sent it is unclear.',
    });
  });

  it('a second group list is refused: no one becomes admin by appending a group', async () => {
    const answer = await me({
      'x-forwarded-user': 'alice@example.com',
      'x-forwarded-groups': ['readers', 'admins'],
    });
    expect(answer.status).toBe(401);
    expect(errorOf(answer).message).toContain('x-forwarded-groups more than once');
  });

  it('is recorded as a refusal, with no one identified', async () => {
    await me({ 'x-forwarded-user': ['mallory@example.com', 'admin@example.com'] });
    const answer = await rawRequest(runsheet.url, {
      path: '/api/audit?limit=100',
      headers: { 'x-forwarded-user': 'root@example.com', 'x-forwarded-groups': 'admins' },
    });
    expect(answer.status).toBe(200);
    const { records } = JSON.parse(answer.body) as { records: unknown[] };
    // Refusals of one person for one reason within a minute share one record, with a count.
    expect(records).toContainEqual(
      expect.objectContaining({
        kind: 'refused',
        actor: 'unidentified',
        error: expect.objectContaining({ code: 'unauthenticated' }),
      }),
    );
    expect(records.every((record) => (record as { kind: string }).kind === 'refused')).toBe(true);
  });

  it('someone identified but granted nothing reads none of the trail', async () => {
    const paths = [
      '/api/audit',
      '/api/audit/verify',
      '/api/incidents',
      '/api/approvals',
      '/api/incidents/x',
      '/api/incidents/x/timeline',
      '/api/drills/attempts',
    ];
    for (const path of paths) {
      const answer = await me({ 'x-forwarded-user': 'stranger@example.com' }, path);
      expect({ path, status: answer.status }).toEqual({ path, status: 403 });
      expect(errorOf(answer).code).toBe('permission_denied');
    }
  });
});
