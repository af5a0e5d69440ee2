import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMain } from '../support/main-process.ts';
import { noTargets, rawRequest } from './attack.ts';

/**
 * The static site (issue 12, low): a symlink in the site directory once served whatever it
 * pointed at, and pages came with no Content-Security-Policy. Here a site holds links to a
 * secret outside it, and its page one inline script.
 */
const SECRET = 'the-secret-outside-the-site';
const INLINE = "document.documentElement.dataset.theme = 'dark';";
let runsheet: Awaited<ReturnType<typeof startMain>>;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'runsheet-site-'));
  const outside = join(root, 'outside');
  const site = join(root, 'dist');
  mkdirSync(outside);
  mkdirSync(site);
  writeFileSync(join(outside, 'secret.txt'), SECRET);
  writeFileSync(join(outside, 'index.html'), `<p>${SECRET}</p>`);
  writeFileSync(join(site, 'index.html'), `<html><script>${INLINE}</script><p>home</p></html>`);
  writeFileSync(join(site, 'inside.txt'), 'inside');
  symlinkSync(join(outside, 'secret.txt'), join(site, 'secret.txt'));
  symlinkSync(outside, join(site, 'elsewhere'));
  symlinkSync(join(site, 'inside.txt'), join(site, 'alias.txt'));
  runsheet = await startMain({
    ...noTargets(mkdtempSync(join(tmpdir(), 'runsheet-home-'))),
    RUNSHEET_SITE_DIR: site,
  });
});
afterAll(() => runsheet?.stop());

const get = (path: string) => rawRequest(runsheet.url, { path });

describe('files of the site', () => {
  it('a link out of the site serves nothing: a file, a directory, its index page', async () => {
    for (const path of ['/secret.txt', '/elsewhere/secret.txt', '/elsewhere/', '/elsewhere']) {
      const answer = await get(path);
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      expect(answer.body).not.toContain(SECRET);
    }
  });

  it('nor does a path that climbs out, plain or encoded', async () => {
    for (const path of [
      '/../outside/secret.txt',
      '/%2e%2e/outside/secret.txt',
      '/..%2foutside/secret.txt',
    ]) {
      const answer = await get(path);
      expect(answer.status).not.toBe(200);
      expect(answer.body).not.toContain(SECRET);
    }
  });

  it('a link that stays inside the site is served', async () => {
    const answer = await get('/alias.txt');
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('inside');
  });

  it("pages carry a strict CSP: the site's own inline script by hash, no other inline script", async () => {
    const answer = await get('/');
    expect(answer.status).toBe(200);
    const policy = String(answer.headers['content-security-policy']);
    const scripts = /script-src ([^;]*)/.exec(policy)![1]!.split(' ');
    const hash = createHash('sha256').update(INLINE).digest('base64');
    // WebAssembly may compile (the search needs it); no 'unsafe-inline', no 'unsafe-eval'.
    expect(scripts.sort()).toEqual([`'self'`, `'sha256-${hash}'`, `'wasm-unsafe-eval'`].sort());
    expect(policy).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
  });
});
