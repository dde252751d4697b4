import { describe, expect, it } from 'vitest';
import type { AlertDocument } from '../../../src/engine/alerts/types.ts';
import type { ScanStats } from '../../../src/engine/detect/contract.ts';
import { escapeHtml, htmlReport, type HtmlReportInput } from '../../../src/engine/output/index.ts';
import { countExample, newFileSummary, type FileSummary } from '../../../src/ingest/summary.ts';

const HOSTILE = [`<script>alert(1)</script>`, `<img src=x onerror="alert(2)">`, `"><svg onload=alert(3)>`, `'; background:url(http://evil.example/x)`];

function alert(index: number, overrides: Record<string, unknown> = {}): AlertDocument {
  return {
    '@timestamp': '2024-05-11T00:00:00.000Z',
    'kibana.alert.original_time': `2024-05-07T14:1${index}:00.000Z`,
    'kibana.alert.rule.name': `Rule ${index}`,
    'kibana.alert.rule.rule_id': `rule-${index}`,
    'kibana.alert.severity': ['high', 'medium', 'low', 'critical'][index % 4],
    'kibana.alert.risk_score': 73,
    'kibana.alert.reason': `reason ${index}`,
    'kibana.alert.uuid': `uuid-${index}`,
    'kibana.alert.rule.threat': [{ framework: 'MITRE ATT&CK', tactic: { id: 'TA0006', name: 'Credential Access', reference: '' }, technique: [] }],
    host: { name: `host-${index}` },
    ...overrides,
  };
}

const STATS: ScanStats = {
  events: 2260,
  eventsNotParsed: 0,
  eventsWithoutIndex: 0,
  eventsWithoutTimestamp: 0,
  rules: [0, 1].map((index) => ({ ruleId: `rule-${index}`, name: `Rule ${index}`, type: 'query', status: 'ok' as const, eventsSeen: 10, eventsMatched: 1, eventsExcepted: 0, eventsWithoutTimestamp: 0, duplicateEvents: 0, alerts: 1, alertsOverLimit: 0, alertsInScheduleGaps: 0, executions: 1, millis: 1, messages: [] })),
};

/** A file summary as intake writes it, its first events sampled with `keys`. */
function file(name: string, fields: Partial<FileSummary> = {}, keys = ['@timestamp', 'process']): FileSummary {
  const leaves = keys.map((key) => (key === 'process' ? 'process.name' : key));
  return { ...newFileSummary(name), bytes: 1000, lines: 2260, events: 2260, sample: { events: 5, withTimestamp: keys.includes('@timestamp') ? 5 : 0, keys, fields: leaves, truncated: false }, ...fields };
}

function report(overrides: Partial<HtmlReportInput> = {}): string {
  return htmlReport({ title: 'case.tar.gz', scanId: 'scan-1', startedAt: Date.UTC(2024, 4, 11), finishedAt: Date.UTC(2024, 4, 11, 0, 1), alerts: [alert(0), alert(1)], stats: STATS, files: [file('case.tar.gz!a.ndjson')], ...overrides });
}

/** Every tag the report opens: hostile text must never add one. */
function tags(html: string): string[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((match) => match[1]!.toLowerCase());
}

describe('htmlReport', () => {
  it('is one self-contained document with no scripts and a CSP that forbids everything but inline style', () => {
    const html = report();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(new Set(tags(html))).not.toContain('script');
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).not.toMatch(/https?:\/\/(?!attack)/);
  });

  it('summarises the scan: counts, severities, rules, tactics, files and every alert', () => {
    const html = report();
    expect(html).toContain('Loupe report: case.tar.gz');
    expect(html).toMatch(/<span class="muted">alerts<\/span><b>2<\/b>/);
    expect(html).toMatch(/<span class="muted">events<\/span><b>2,260<\/b>/);
    expect(html).toMatch(/sev-high">high<\/span><b>1<\/b>/);
    expect(html).toMatch(/sev-medium">medium<\/span><b>1<\/b>/);
    expect(html).toMatch(/<td>Credential Access<\/td><td class="num">2<\/td>/);
    expect(html).toContain('<td>case.tar.gz!a.ndjson</td><td>ECS events</td><td>scanned</td><td class="num">2,260</td><td class="num">0</td>');
    expect(html).toContain('<td>reason 1</td></tr><tr class="doc"><td colspan="7"><details>');
    expect(html).not.toContain('Read before trusting');
    expect(html).toContain('Alerts (2)');
  });

  it.each(HOSTILE)('keeps %s inert wherever it appears: event fields, rule names, file names, title', (payload) => {
    const hostile = alert(0, { 'kibana.alert.rule.name': payload, 'kibana.alert.reason': payload, host: { name: payload }, 'kibana.alert.severity': payload, process: { name: payload } });
    const stats = { ...STATS, rules: STATS.rules.map((rule) => ({ ...rule, name: payload, ruleId: payload })) };
    const damaged = (text: string) => {
      const summary = file(text, { status: 'error', reason: text }, [text]);
      countExample(summary.skipped['not-json'], 3, text);
      return summary;
    };
    const html = report({ title: payload, alerts: [hostile], stats, files: [damaged(payload)] });
    expect(tags(html)).toEqual(tags(report({ title: 'x', alerts: [alert(0, { 'kibana.alert.severity': 'x' })], stats: { ...STATS, rules: STATS.rules.map((rule) => ({ ...rule, name: 'x' })) }, files: [damaged('x')] })));
    expect(html).toContain(escapeHtml(payload));
    expect(html).not.toContain(payload);
  });

  it('includes full documents up to the limit and says so beyond it', () => {
    const alerts = Array.from({ length: 5 }, (_, i) => alert(i));
    const html = report({ alerts, maxDocuments: 2 });
    expect(html.match(/<details>/g)).toHaveLength(2);
    expect(html).toContain('Full documents are included for the first 2 alerts');
  });

  it('keeps every column of the alert list its width when a document is opened: the document has a row of its own', () => {
    const html = report();
    // Fixed widths from the first row, not from the content: an opened document cannot squeeze the rule column.
    expect(html).toContain('<table class="alerts"><colgroup><col style="width:14rem"><col style="width:6rem"><col style="width:16rem">');
    expect(html).toContain('.alerts{table-layout:fixed}');
    expect(html).not.toMatch(/<td>[^<]*<details>/);
  });

  it('counts alerts of rules without an ATT&CK tactic instead of dropping them', () => {
    const html = report({ alerts: [alert(0), alert(1, { 'kibana.alert.rule.threat': [] }), alert(2, { 'kibana.alert.rule.threat': undefined })] });
    expect(html).toMatch(/<td>Credential Access<\/td><td class="num">1<\/td>/);
    expect(html).toMatch(/<td>no ATT&amp;CK tactic<\/td><td class="num">2<\/td>/);
  });

  it('leads with the warnings a responder must read before trusting the count, and says what each file held', () => {
    const untimed = { ...STATS.rules[0]!, name: 'Kerberos', ruleId: 'k-1', eventsWithoutTimestamp: 3, fieldsRead: ['process.name'] };
    const other = { ...STATS.rules[1]!, fieldsRead: ['event.category'] };
    const odd = file('case.tar.gz!b.ndjson', { lines: 4, events: 3 });
    countExample(odd.skipped['not-json'], 2, 'Unexpected token');
    const inventory = file('inventory.json', { lines: 2, events: 2 }, ['name', 'size']);
    const html = report({ stats: { ...STATS, rules: [untimed, other] }, files: [file('case.tar.gz!a.ndjson'), odd, inventory, file('cut.gz', { status: 'error', reason: 'unexpected end of data' })] });
    const warnings = html.indexOf('Read before trusting the alert count: 3 warnings');
    expect(warnings).toBeGreaterThan(0);
    expect(warnings).toBeLessThan(html.indexOf('class="cards"'));
    expect(html).toContain('<li>Kerberos (k-1): 3 matches could not become alerts: events have no usable @timestamp</li>');
    expect(html).toContain('<li>inventory.json: no loaded rule can see any of its 2 events: the rules read none of their fields (keys name, size)</li>');
    expect(html).toContain('<li>not read in full: cut.gz: unexpected end of data</li>');
    expect(html).toContain('<td>inventory.json</td><td>not ECS (no @timestamp): JSON objects with keys name, size</td>');
    expect(html).toContain('<td class="num">1</td><td class="num">1,000</td><td><ul><li>1 line skipped: not JSON<ul><li>line 2: Unexpected token</li></ul></li></ul></td>');
  });
});

describe('escapeHtml', () => {
  it.each([
    ['<a href="x">&\'</a>', '&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;'],
    ['plain text', 'plain text'],
    ['&amp;', '&amp;amp;'],
  ])('%s', (input, expected) => expect(escapeHtml(input)).toBe(expected));
  it('names the source of raw evidence in the file table, escaped', () => {
    const html = report({ files: [{ ...file('mbp/es.json', { events: 9, lines: 12 }), sourceText: 'eslogger, host <mbp>: 12 messages → 9 events' }] });
    expect(html).toContain('<td>mbp/es.json</td><td>eslogger, host &lt;mbp&gt;: 12 messages → 9 events</td>');
  });
});
