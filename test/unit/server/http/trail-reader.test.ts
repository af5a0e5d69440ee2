import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../../server/audit/record.ts';
import { testApp } from '../../../support/app.ts';

// Reading the trail touches no target: the Temporal address here has no server behind it.
const runsheet = testApp({
  temporal: { address: '127.0.0.1:9', connectTimeoutMs: 200 },
  environment: 'production',
  identity: {
    mode: 'token',
    tokens: ['vera', 'nina'].map((name) => ({ user: `${name}@example.com`, sha256: sha256(name) })),
    grants: [{ subject: 'user:vera@example.com', role: 'viewer', environments: ['production'] }],
  },
});
afterAll(() => runsheet.close());

const get = (person: string, path: string) =>
  runsheet.app.request(path, { headers: { authorization: `Bearer ${person}` } });

// Every route that reads the trail: runs, the chain, incidents, approvals, drill attempts.
const trailRoutes = [
  '/api/audit',
  '/api/audit?action=runsheet.approval',
  '/api/audit/verify',
  '/api/incidents',
  '/api/incidents/INC-00000000/timeline',
  '/api/approvals',
  '/api/drills/attempts',
  '/api/drills/attempts/DRILL-00000000',
];

describe('reading the audit trail', () => {
  it.each(trailRoutes)('%s is refused to someone identified but granted nothing', async (path) => {
    const response = await get('nina', path);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: {
        code: 'permission_denied',
        message:
          'Reading the audit trail needs the viewer role in production, which nina@example.com does not have.',
      },
    });
  });

  it.each(trailRoutes)('%s is open to a viewer', async (path) => {
    const response = await get('vera', path);
    // Unknown ids are simply not found: the role let the request through.
    expect([200, 404]).toContain(response.status);
  });
});
