import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono, MiddlewareHandler } from 'hono';
import type { ApiEnv } from './api-env.ts';

/** The built site at `/`, with its own 404 page; nothing outside `siteDir` is ever served. */
export function serveSite(app: Hono<ApiEnv>, siteDir: string): void {
  app.use('*', insideSite(siteDir), serveStatic({ root: siteDir }));
  const notFoundPage = join(siteDir, '404.html');
  app.notFound((c) =>
    existsSync(notFoundPage)
      ? c.html(readFileSync(notFoundPage, 'utf8'), 404)
      : c.text('Not found', 404),
  );
}

/**
 * Refuses (as not found) a path whose file, once symlinks are resolved, lies outside the site: a
 * link in `dist/` to `/etc` or a home directory serves nothing.
 */
export function insideSite(siteDir: string): MiddlewareHandler {
  const root = realpathSync(siteDir);
  return async function insideSiteMiddleware(c, next) {
    let path: string;
    try {
      path = join(root, decodeURIComponent(c.req.path));
    } catch {
      return c.notFound();
    }
    for (const candidate of [path, join(path, 'index.html')]) {
      if (!existsSync(candidate)) continue;
      const real = realpathSync(candidate);
      if (real !== root && !real.startsWith(root + sep)) return c.notFound();
      if (!statSync(real).isDirectory()) break;
    }
    return next();
  };
}
