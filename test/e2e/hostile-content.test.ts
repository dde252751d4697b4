/**
 * Hostile content stays inert in the production site: `<script>`, `onerror`/`onload`, `javascript:`
 * and iframe payloads in event fields, in an imported rule's name, description, false positives and
 * references, and in its investigation guide (markdown). Each payload would set `window.__pwned`
 * or open a dialog if it ran; the ones outside markdown must show as literal text.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignRequests, scanFiles, waitForApp } from './support/app.ts';
import { useSite } from './support/site-session.ts';

const pwn = (where: string) => `window.__pwned='${where}';alert('${where}')`;

const RULE_NAME = `Hostile <img src=x onerror="${pwn('name')}"> <script>${pwn('name-script')}</script>`;
const NOTE_CODE = `<script>${pwn('note-code')}</script>`;

const RULE_TOML = `[metadata]
maturity = "production"

[rule]
author = [${JSON.stringify(`<script>${pwn('author')}</script>`)}]
description = ${JSON.stringify(`Payload <img src=x onerror="${pwn('description')}"> in the description.`)}
from = "now-9m"
index = ["logs-*"]
language = "kuery"
license = "Elastic License v2"
name = ${JSON.stringify(RULE_NAME)}
note = ${JSON.stringify(`## Triage <img src=x onerror="${pwn('note-img')}">

<script>${pwn('note-script')}</script>

Literal code: \`${NOTE_CODE}\`

[a link](javascript:${pwn('note-link')}) and <a href="#" onclick="${pwn('note-onclick')}">a handler</a>

<svg onload="${pwn('note-svg')}"></svg> <iframe src="https://evil.example/frame"></iframe> <img src="https://evil.example/pixel.png">
`)}
false_positives = [${JSON.stringify(`<img src=x onerror="${pwn('false-positive')}">`)}]
references = [${JSON.stringify(`javascript:${pwn('reference')}`)}, "https://evil.example/ref\\"><script>${pwn('ref-attr')}</script>"]
risk_score = 99
rule_id = "0bad0bad-0bad-4bad-8bad-0bad0bad0bad"
severity = "critical"
type = "query"
query = 'event.category:process and process.name:hostile-proc'
`;

const EVENT_FIELDS = {
  host: `<img src=x onerror="${pwn('host')}">`,
  user: `<script>${pwn('user')}</script>`,
  commandLine: `"><svg onload="${pwn('command-line')}">`,
  message: '<iframe src="https://evil.example/"></iframe>',
};

const EVENT = {
  '@timestamp': '2024-05-09T10:00:00.000Z',
  data_stream: { type: 'logs', dataset: 'endpoint.events.process', namespace: 'default' },
  event: { category: ['process'], type: ['start'], kind: 'event' },
  host: { name: EVENT_FIELDS.host },
  user: { name: EVENT_FIELDS.user },
  process: { name: 'hostile-proc', entity_id: 'p1', command_line: EVENT_FIELDS.commandLine, args: ['<b>bold?</b>'] },
  message: EVENT_FIELDS.message,
};

describe('hostile rules and evidence in the production site', () => {
  const site = useSite();
  const work = mkdtempSync(join(tmpdir(), 'loupe-e2e-hostile-'));

  beforeAll(async () => {
    writeFileSync(join(work, 'hostile-rule.toml'), RULE_TOML);
    writeFileSync(join(work, 'hostile-events.ndjson'), `${JSON.stringify(EVENT)}\n`);
  }, 180_000);

  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
  });

  it('imports the rule, scans the evidence and opens the alert without running any payload', async () => {
    const { page } = site.browser;
    await page.goto(`${site.server.origin}/`);
    await waitForApp(page);

    await page.getByTestId('rules-input').setInputFiles(join(work, 'hostile-rule.toml'));
    const ruleRow = page.locator('tr[data-rule-key="0bad0bad-0bad-4bad-8bad-0bad0bad0bad"]');
    await expect.poll(() => ruleRow.textContent()).toContain(RULE_NAME);
    await expect.poll(() => ruleRow.getByRole('checkbox').isChecked()).toBe(true);

    expect(await scanFiles(page, [join(work, 'hostile-events.ndjson')])).toMatch(/complete/);
    const row = page.getByTestId('alerts-table').getByRole('row').filter({ hasText: 'Hostile <img' });
    await expect.poll(() => row.count()).toBe(1);
    // Table cells: the rule name, host and user are shown as the text they are.
    for (const text of [RULE_NAME, EVENT_FIELDS.host, EVENT_FIELDS.user]) expect(await row.textContent()).toContain(text);

    await row.click();
    const detail = page.getByTestId('alert-detail');
    await detail.waitFor();
    const shown = (await detail.textContent()) ?? '';
    expect(shown).toContain(RULE_NAME);
    // The source event tree shows string values as JSON strings.
    for (const value of Object.values(EVENT_FIELDS)) expect(shown).toContain(JSON.stringify(value));
    // Markdown: inline code is text; raw HTML is sanitised away, not shown and not run.
    await expect.poll(() => detail.locator('code').filter({ hasText: NOTE_CODE }).count()).toBe(1);
    // Give any handler that slipped through (img onerror, svg onload) time to fire.
    await page.waitForTimeout(500);

    const injected = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
      scripts: document.querySelectorAll('#app script, aside script').length,
      handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
      frames: document.querySelectorAll('iframe, object, embed, svg [onload]').length,
      images: [...document.querySelectorAll('img')].map((image) => image.getAttribute('src')),
      scriptLinks: [...document.querySelectorAll('a[href]')].map((link) => link.getAttribute('href') ?? '').filter((href) => !/^(https?:|mailto:|#|blob:)/i.test(href)),
    }));
    expect(injected).toEqual({ pwned: null, scripts: 0, handlers: 0, frames: 0, images: [], scriptLinks: [] });
  });

  it('raised no dialog and no error, loaded no payload image and sent nothing outside its origin', () => {
    const { record } = site.browser;
    expect(record.dialogs).toEqual([]);
    expect(record.consoleErrors).toEqual([]);
    expect(record.pageErrors).toEqual([]);
    expect(foreignRequests(record.requests, site.server.origin)).toEqual([]);
    // `<img src=x onerror=...>` that became a live element, even detached, would have fetched /x.
    expect(site.server.requests.filter((path) => path === '/x')).toEqual([]);
  });

  it('met no CSP violation but the inline-handler reports of sanitising', () => {
    // Chromium reports an inline event handler when it PARSES one, even into the inert document
    // DOMPurify parses markdown HTML into (DOMParser: nothing loads or runs there, and DOMPurify
    // then removes the attribute). Such reports are expected here; any other directive (a script
    // element, a frame, an image, a connection) would mean hostile markup reached the live page.
    const unexpected = site.browser.record.cspViolations.filter((text) => !/^CSP violation: script-src-attr blocked inline|^Executing inline event handler violates/.test(text));
    expect(unexpected).toEqual([]);
  });
});
