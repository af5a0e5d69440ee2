import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { ApiEnv } from './api-env.ts';

/** The built site at `/`, with its own 404 page. */
export function serveSite(app: Hono<ApiEnv>, siteDir: string): void {
  app.use('*', serveStatic({ root: siteDir }));
  const notFoundPage = join(siteDir, '404.html');
  app.notFound((c) =>
    existsSync(notFoundPage)
      ? c.html(readFileSync(notFoundPage, 'utf8'), 404)
      : c.text('Not found', 404),
  );
}
