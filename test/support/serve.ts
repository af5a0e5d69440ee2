import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

/** Serves a Hono app on a free loopback port, as `npm start` does. */
export async function listen(app: {
  fetch: Hono['fetch'];
}): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
