/**
 * Debian Chromium through playwright-core, the way the e2e tests and the screenshot script drive
 * it: a fresh profile, no background traffic of Chromium's own, and every request, CSP violation,
 * console error, page error and dialog recorded, so a test can assert none happened.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function chromiumPath(): string {
  const path = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    // Never a silent skip: a machine without Chromium cannot show that the app works.
    throw new Error(`Chromium not found at ${path}: install Debian's chromium (apt-get install chromium) or set CHROME_PATH to a Chromium/Chrome binary`);
  }
  return path;
}

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly record: PageRecord;
  close(): Promise<void>;
}

/** What happened in the browser, for asserting that nothing unwanted did. */
export interface PageRecord {
  /** Every request URL the page, its workers and its service worker made. */
  readonly requests: string[];
  readonly cspViolations: string[];
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly dialogs: string[];
}

/** In-page code as text (see WATCH_STATUS in app.ts for why): each violation becomes a console error. */
const REPORT_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation: ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline code') + ' (' + event.sourceFile + ':' + event.lineNumber + ')');
});`;

export interface LaunchOptions {
  readonly colorScheme?: 'light' | 'dark';
  readonly viewport?: { width: number; height: number };
  /** Block all site data, as a user who blocks cookies does: IndexedDB, Cache Storage and service workers are refused. */
  readonly blockSiteData?: boolean;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'loupe-chromium-'));
  if (options.blockSiteData) {
    // Chromium's own setting (Settings > Privacy > Third-party cookies > Block all site data), read from the profile at start.
    mkdirSync(join(userDataDir, 'Default'));
    writeFileSync(join(userDataDir, 'Default', 'Preferences'), JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }));
  }
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    headless: true,
    acceptDownloads: true,
    viewport: options.viewport ?? { width: 1280, height: 860 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const record: PageRecord = { requests: [], cspViolations: [], consoleErrors: [], pageErrors: [], dialogs: [] };
  context.on('request', (request) => record.requests.push(request.url()));
  // Violations are reported by the page as events (and by Chromium as console errors, caught below).
  await context.addInitScript({ content: REPORT_VIOLATIONS });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (/Content.Security.Policy|CSP violation/i.test(text)) record.cspViolations.push(text);
    else record.consoleErrors.push(text);
  });
  page.on('pageerror', (error) => record.pageErrors.push(String(error)));
  page.on('dialog', (dialog) => {
    record.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return {
    context,
    page,
    record,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
