import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { launchBrowserBeside } from './browser.ts';
import { startMain } from './main-process.ts';
import { startWms, type Wms } from './wms.ts';

export interface BrowserSite {
  /** The demo WMS worker on the shared Temporal test server, on a task queue of this file's own. */
  wms: Wms;
  /** `node server/main.ts`, as `npm start` runs it, serving the built site in dist/. */
  site: Awaited<ReturnType<typeof startMain>>;
  browser: Browser;
}

/**
 * What a browser test file runs against, started before its tests and stopped after them.
 * `env` adds RUNSHEET_* settings (it gets the WMS, e.g. for its task queue).
 */
export function browserSite(env: (wms: Wms) => Record<string, string> = () => ({})): BrowserSite {
  const temporal = inject('temporal');
  const started = {} as BrowserSite;
  beforeAll(async () => {
    if (!existsSync('dist/index.html'))
      throw new Error('No built site in dist/: run `npm run build` first.');
    started.browser = await launchBrowserBeside(async () => {
      started.wms = await startWms(temporal);
      started.site = await startMain({
        RUNSHEET_TEMPORAL_ADDRESS: temporal.address,
        RUNSHEET_SITE_DIR: 'dist',
        RUNSHEET_LOG_LEVEL: 'warn',
        ...env(started.wms),
      });
    });
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.site?.stop();
    await started.wms?.close();
  });
  return started;
}
