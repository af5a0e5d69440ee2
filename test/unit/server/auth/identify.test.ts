import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../../server/audit/record.ts';
import { listen } from '../../../support/serve.ts';
import { testApp } from '../../../support/app.ts';

// No Temporal behind these apps: every request here is decided before a target is touched.
const temporal = { address: '127.0.0.1:9', connectTimeoutMs: 200 };
const terminate = {
  action: 'temporal.workflow.terminate',
  input: { workflowId: 'order-fulfillment-ORD-1' },
};

describe('token mode', () => {
  const runsheet = testApp({
    temporal,
    environment: 'production',
    identity: {
      mode: 'token',
      tokens: [
        { user: 'victor@example.com', sha256: sha256('viewer-token'), groups: ['readers'] },
        { user: 'olga@example.com', sha256: sha256('operator-token'), groups: ['wms-oncall'] },
      ],
      grants: [
        { subject: 'group:readers', role: 'viewer' },
        { subject: 'user:olga@example.com', role: 'operator', environments: ['production'] },
      ],
    },
    policy: { writeRunsPerMinute: 2 },
  });
  afterAll(() => runsheet.close());
  const as = (token: string | undefined, path: string, init: RequestInit = {}) =>
    runsheet.app.request(path, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });

  it('refuses a request without a token, or with one it does not know', async () => {
    expect(await (await as(undefined, '/api/me')).json()).toMatchObject({
      error: { code: 'unauthenticated', message: 'This Runsheet needs a bearer token.' },
    });
    const wrong = await as('guess', '/api/me');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({
      error: { message: 'That token is not valid here.' },
    });
  });

  it('answers the probes without a token, telling an unidentified caller only up or down', async () => {
    expect((await as(undefined, '/api/health')).status).toBe(200);
    const probe = await as(undefined, '/api/ready');
    expect(probe.status).toBe(503);
    expect(await probe.json()).toEqual({
      ready: false,
      targets: [{ name: 'temporal', ok: false }],
    });
    const identified = await as('viewer-token', '/api/ready');
    expect(await identified.json()).toMatchObject({
      ready: false,
      targets: [{ name: 'temporal', ok: false, address: '127.0.0.1:9', error: expect.any(String) }],
    });
    // Everything else still needs the token.
    expect((await as(undefined, '/api/actions')).status).toBe(401);
  });

  it('tells the person who they are and what they may do, action by action', async () => {
    const me = (await (await as('viewer-token', '/api/me')).json()) as {
      actor: { id: string };
      role: string;
      forbidden: Record<string, string | null>;
    };
    expect(me.actor).toEqual({ id: 'victor@example.com', groups: ['readers'] });
    expect(me.role).toBe('viewer');
    expect(me.forbidden['temporal.workflow.describe']).toBeNull();
    expect(me.forbidden['temporal.workflow.signal']).toBe(
      'Send signal is a write action: it needs the operator role in production, which victor@example.com does not have.',
    );
  });

  it('refuses a run the role does not cover with 403 and the reason', async () => {
    const response = await as('operator-token', '/api/runs', {
      method: 'POST',
      body: JSON.stringify(terminate),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: {
        code: 'permission_denied',
        message:
          'Terminate workflow is a destructive action: it needs the admin role in production, which olga@example.com does not have.',
      },
    });
  });

  it('limits how many changing runs one person starts per minute', async () => {
    const signal = {
      action: 'temporal.workflow.signal',
      input: { workflowId: 'planning-ORD-1', signalName: 'waveAssigned' },
    };
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await as('operator-token', '/api/runs', { method: 'POST', body: JSON.stringify(signal) }))
          .status,
      );
    }
    expect(statuses.slice(0, 2)).not.toContain(429); // they fail on the missing Temporal, but are let through
    expect(statuses[2]).toBe(429);
  });
});

describe('proxy mode', () => {
  it('believes the user header only from a trusted proxy address', async () => {
    const trusting = testApp({
      temporal,
      identity: { mode: 'proxy', proxy: { trustedProxies: ['127.0.0.1', '::ffff:127.0.0.1'] } },
    });
    const distrusting = testApp({
      temporal,
      identity: { mode: 'proxy', proxy: { trustedProxies: ['10.9.9.9'] } },
    });
    const [trusted, untrusted] = await Promise.all([listen(trusting.app), listen(distrusting.app)]);
    try {
      const headers = {
        'x-forwarded-user': 'alice@example.com',
        'x-forwarded-groups': 'wms-oncall, sre',
      };
      const me = await (await fetch(`${trusted.url}/api/me`, { headers })).json();
      expect(me).toMatchObject({
        actor: { id: 'alice@example.com', groups: ['wms-oncall', 'sre'] },
        role: null,
      });

      const refused = await fetch(`${untrusted.url}/api/me`, { headers });
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
        /^Requests must come through the authenticating proxy; this one came from .*127\.0\.0\.1\.$/,
      );
    } finally {
      await Promise.all([
        trusted.close(),
        untrusted.close(),
        trusting.close(),
        distrusting.close(),
      ]);
    }
  });
});
