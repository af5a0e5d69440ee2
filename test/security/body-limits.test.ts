import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../server/http/body-limit.ts';
import { testApp } from '../support/app.ts';
import { startMain } from '../support/main-process.ts';
import { configFile, errorOf, noTargets, rawRequest, sha256 } from './attack.ts';

/** What the red-team pass sent: 150 MB. */
const HUGE = 150 * 1024 * 1024;

/** Every route under /api, as the app registers it, with each `:param` filled in. */
function apiRoutes(): { method: string; path: string }[] {
  const app = testApp({});
  const seen = new Set<string>();
  const routes = app.app.routes
    .filter((route) => route.path.startsWith('/api/') && route.method !== 'ALL')
    .map((route) => ({ method: route.method, path: route.path.replace(/:\w+/g, 'x') }))
    .filter(({ method, path }) => !seen.has(`${method} ${path}`) && seen.add(`${method} ${path}`));
  void app.close();
  return routes;
}

/** 150 MB of JSON-looking text, made only as fast as it is read. */
function hugeBody(): Readable {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let made = 0;
  return new Readable({
    read() {
      if (made >= HUGE) return void this.push(null);
      made += chunk.length;
      this.push(made === chunk.length ? Buffer.concat([Buffer.from('{"x":"'), chunk]) : chunk);
    },
  });
}

const routes = apiRoutes();
const posts = routes.filter((route) => route.method === 'POST');
let runsheet: Awaited<ReturnType<typeof startMain>>;

beforeAll(async () => {
  runsheet = await startMain({
    ...noTargets(mkdtempSync(join(tmpdir(), 'runsheet-home-'))),
    // The sandbox environment with nothing in it, so the drill routes get as far as the others.
    RUNSHEET_ENVIRONMENT: 'sandbox',
    RUNSHEET_CONFIG: configFile({
      identity: {
        mode: 'token',
        tokens: [
          { user: 'admin@example.com', sha256: sha256('admin-token') },
          { user: 'nobody@example.com', sha256: sha256('nobody-token') },
        ],
        grants: [{ subject: 'user:admin@example.com', role: 'admin' }],
      },
    }),
  });
});
afterAll(() => runsheet?.stop());

const as = (token: string) => ({
  authorization: `Bearer ${token}`,
  'content-type': 'application/json',
});

describe('a huge body on any /api route', () => {
  it('the app has the routes this file walks', () => {
    expect(posts.map((route) => route.path)).toEqual(
      expect.arrayContaining(['/api/runs', '/api/incidents', '/api/approvals/x/approve']),
    );
    expect(routes.length).toBeGreaterThan(posts.length);
  });

  it('declared as 150 MB is refused on every route without a byte of it being read', async () => {
    for (const { method, path } of routes) {
      // No body follows the headers: a server that waited for it would never answer.
      const answer = await rawRequest(runsheet.url, {
        method,
        path,
        headers: { ...as('admin-token'), 'content-length': String(HUGE) },
      });
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 400 });
      expect(errorOf(answer)).toMatchObject({
        code: 'invalid_body',
        message: `The request body is over ${MAX_BODY_BYTES / 1024} KiB.`,
      });
    }
  });

  it('streamed without a length, is refused on every POST route once past the limit, the rest unread', async () => {
    for (const { path } of posts) {
      const answer = await rawRequest(runsheet.url, {
        method: 'POST',
        path,
        headers: as('admin-token'),
        body: hugeBody(),
      });
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect(errorOf(answer).code).toBe('invalid_body');
      // Parsing JSON needs all of it: an answer before the end means the server stopped reading.
      expect(answer.sent).toBeLessThan(HUGE);
    }
  });

  it('from someone granted nothing, is refused for the role before it is read (POST /api/incidents)', async () => {
    const answer = await rawRequest(runsheet.url, {
      method: 'POST',
      path: '/api/incidents',
      headers: as('nobody-token'),
      body: hugeBody(),
    });
    expect(answer.status).toBe(403);
    expect(errorOf(answer).code).toBe('permission_denied');
    expect(answer.sent).toBeLessThan(HUGE);
  });

  it('from someone granted nothing, is never read in full on any POST route', async () => {
    for (const { path } of posts) {
      const answer = await rawRequest(runsheet.url, {
        method: 'POST',
        path,
        headers: as('nobody-token'),
        body: hugeBody(),
      });
      // Refused for the role first where the route has one, else at the limit.
      expect([400, 403]).toContain(answer.status);
      expect(['invalid_body', 'permission_denied']).toContain(errorOf(answer).code);
      expect(answer.sent).toBeLessThan(HUGE);
    }
  });
});
