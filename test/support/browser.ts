import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with everything that would reach the network turned off. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}. Install it with \`apt-get install chromium\` or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Launches the browser (about 1.5 s) while `setUp` starts the rest, recording what it starts for
 * the file's afterAll to stop. If either fails, a browser that did launch is closed and the first
 * failure thrown.
 */
export async function launchBrowserBeside(setUp: () => Promise<void>): Promise<Browser> {
  const [browser, started] = await Promise.allSettled([launchBrowser(), setUp()]);
  if (browser.status === 'fulfilled' && started.status === 'fulfilled') return browser.value;
  if (browser.status === 'fulfilled') await browser.value.close();
  throw browser.status === 'rejected' ? browser.reason : (started as PromiseRejectedResult).reason;
}

/** Screenshots go here as test artifacts. */
export function artifactPath(name: string): string {
  mkdirSync('test-results', { recursive: true });
  return `test-results/${name}.png`;
}
