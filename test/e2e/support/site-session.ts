import { afterAll, beforeAll } from 'vitest';
import { launchChromium, type Browser } from './browser.ts';
import { ensureBuilt, SITE_DIR } from './build.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

export interface SiteSession {
  readonly server: StaticServer;
  readonly browser: Browser;
}

/**
 * The production site (built first when stale) served from `root()` (dist/ by default) and a
 * fresh Chromium, opened before the calling describe block's tests and closed after them. Read
 * the fields inside tests: they are set once the block's first hook has run.
 */
export function useSite(root: () => string | Promise<string> = () => SITE_DIR): SiteSession {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    await ensureBuilt('site');
    server = await serveStatic(await root());
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the site is not open yet (use it inside a test)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not open yet (use it inside a test)');
      return browser;
    },
  };
}
