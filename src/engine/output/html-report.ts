/**
 * A self-contained HTML report of one scan that a colleague can open anywhere, offline: inline
 * CSS, no scripts, no external requests. Its own Content-Security-Policy (`default-src 'none'`)
 * keeps it inert even if something got past escaping, and every string taken from events, rules
 * or file names is HTML-escaped. Sections: warnings (what can make the alert count mislead, from
 * the scan account `loupe scan` prints too), summary, alerts by severity, by rule, by ATT&CK
 * tactic, what each file held, then the alert list (each alert's full document in a `<details>`
 * on a row of its own, no script needed).
 */
import type { AlertDocument } from '../alerts/types.ts';
import type { ScanStats } from '../detect/contract.ts';
import { compileFieldGetter } from '../fields/access.ts';
import { READABLE_DEPTH, writeJson } from '../json/stringify.ts';
import { escapeHtml } from './html-escape.ts';
import { formatCount, plural } from './plural.ts';
import { accountScan, trustWarnings, type AccountedFile, type FileAccount } from './scan-account.ts';
import { SUMMARY_COLUMNS, summaryCells } from './summary-columns.ts';

export interface HtmlReportInput {
  /** What was scanned, as the reader should know it: the input set (`3 files: a.zip, b.tar.gz, c.ndjson`). */
  readonly title: string;
  readonly scanId: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly alerts: readonly AlertDocument[];
  readonly stats: ScanStats;
  /** Each file as intake summarised it; `sourceText`, for raw evidence a source mapped, what it read (`eslogger, host x: 12 messages → 10 events; …`). */
  readonly files: readonly AccountedFile[];
  /** Alerts whose whole document is included (the list itself is never cut). Default 5,000. */
  readonly maxDocuments?: number;
}

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const LIST_COLUMNS = ['timestamp', 'severity', 'rule', 'host.name', 'user.name', 'process.name', 'reason'];
/** Widths of the alert list's columns (the reason takes the rest): fixed, so an opened document never squeezes them. */
const LIST_WIDTHS = ['14rem', '6rem', '16rem', '9rem', '8rem', '9rem', 'auto'];
/** Where alerts of rules without an ATT&CK tactic are counted. */
export const NO_TACTIC = 'no ATT&CK tactic';
const tacticNames = compileFieldGetter('kibana.alert.rule.threat.tactic.name');
const severityOf = compileFieldGetter('kibana.alert.severity');

const STYLE = `
:root{color-scheme:light dark;--fg:#1d1f23;--bg:#fff;--muted:#5f6673;--line:#d6d9de;--head:#f3f4f6;--critical:#b3261e;--high:#c2410c;--medium:#a16207;--low:#2563eb}
@media (prefers-color-scheme:dark){:root{--fg:#e6e7ea;--bg:#16181c;--muted:#a0a6b1;--line:#33373e;--head:#1f2227}}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:2rem auto;max-width:110rem;padding:0 1.5rem}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}
.muted{color:var(--muted)}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--head);font-weight:600;white-space:nowrap}.alerts td:nth-child(-n+2):not([colspan]){white-space:nowrap}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;flex-wrap:wrap;gap:.75rem}.card{border:1px solid var(--line);border-radius:6px;padding:.5rem .9rem;min-width:8rem}
.card b{display:block;font-size:1.4rem}.warn,.warnings{color:var(--critical)}.warnings li{margin:.2rem 0}
td ul{margin:0;padding-left:1.1rem}td ul ul{color:var(--muted)}.alerts{table-layout:fixed}.alerts tr.doc td{border-bottom:1px solid var(--line);padding-top:0}
.alerts tr.has-doc td{border-bottom:none}.sev{font-weight:600;text-transform:capitalize}
.sev-critical{color:var(--critical)}.sev-high{color:var(--high)}.sev-medium{color:var(--medium)}.sev-low{color:var(--low)}
details summary{cursor:pointer;color:var(--muted)}pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:12px;background:var(--head);padding:.5rem;border-radius:4px;margin:.25rem 0}
`;

export function htmlReport(input: HtmlReportInput): string {
  return htmlReportParts(input).join('');
}

/**
 * The report in pieces whose concatenation is `htmlReport`'s text, one per alert row: a Blob of
 * them never needs one string of every alert (V8 strings stop at ~512 MiB).
 */
export function htmlReportParts(input: HtmlReportInput): string[] {
  const { alerts, stats } = input;
  const maxDocuments = input.maxDocuments ?? 5000;
  const time = (ms: number) => new Date(ms).toISOString();
  const bySeverity = countBy(alerts, (alert) => severityOf(alert).map(String).slice(0, 1));
  const byTactic = countBy(alerts, (alert) => {
    const tactics = [...new Set(tacticNames(alert).map(String))];
    return tactics.length > 0 ? tactics : [NO_TACTIC];
  });
  const bytes = input.files.reduce((sum, file) => sum + file.bytes, 0);
  const account = accountScan(input.files, stats);
  const warnings = trustWarnings(account);

  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`Loupe report: ${input.title}`)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(`Loupe report: ${input.title}`)}</h1>`,
    `<p class="muted">Scan ${escapeHtml(input.scanId)}, ${escapeHtml(time(input.startedAt))} to ${escapeHtml(time(input.finishedAt))}. Generated offline by Loupe; alerts as Elastic Security would raise them.</p>`,
    ...(warnings.length > 0
      ? [`<h2 class="warn">${escapeHtml(`Read before trusting the alert count: ${plural(warnings.length, 'warning')}`)}</h2>`, `<ul class="warnings">${warnings.map((warning) => `<li>${escapeHtml(warning)}</li>`).join('\n')}</ul>`]
      : []),
    '<div class="cards">',
    card('alerts', alerts.length),
    card('events', stats.events),
    card('files', input.files.length),
    card('bytes read', bytes),
    card('rules run', stats.rules.filter((rule) => rule.status === 'ok').length),
    '</div>',
    '<h2>Alerts by severity</h2><div class="cards">',
    ...SEVERITIES.map((severity) => `<div class="card"><span class="sev sev-${severity}">${severity}</span><b>${bySeverity.get(severity) ?? 0}</b></div>`),
    '</div>',
    '<h2>Rules</h2>',
    table(
      // As `loupe scan` labels it: with the literal prefilter, rules see only the events that could match them.
      ['rule', 'rule_id', 'type', 'status', (stats.eventsNotParsed ?? 0) > 0 ? 'candidate events seen' : 'events seen', 'matched', 'alerts'],
      [...stats.rules]
        .sort((a, b) => b.alerts - a.alerts || compare(a.name, b.name))
        .map((rule) => [rule.name, rule.ruleId, rule.type, rule.status, String(rule.eventsSeen), String(rule.eventsMatched), String(rule.alerts)]),
      [4, 5, 6],
    ),
    '<h2>Alerts by ATT&amp;CK tactic</h2>',
    byTactic.size === 0
      ? '<p class="muted">No alerts.</p>'
      : table(['tactic', 'alerts'], [...byTactic.entries()].sort((a, b) => b[1] - a[1] || compare(a[0], b[0])).map(([tactic, count]) => [tactic, String(count)]), [1]),
    '<h2>Files</h2>',
    fileTable(account.files),
    `<h2>Alerts (${alerts.length})</h2>`,
  ];
  return [`${parts.join('\n')}\n`, ...alertList(alerts, maxDocuments), '\n</body></html>\n'];
}

function card(label: string, value: number): string {
  return `<div class="card"><span class="muted">${escapeHtml(label)}</span><b>${formatCount(value)}</b></div>`;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = []): string {
  const cell = (tag: 'th' | 'td', text: string, i: number) => `<${tag}${numeric.includes(i) ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`;
  return `<table><thead><tr>${headers.map((header, i) => cell('th', header, i)).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((text, i) => cell('td', text, i)).join('')}</tr>`).join('\n')}</tbody></table>`;
}

/** What each file was recognised as, its counts, and every note (skipped lines with examples, damage). */
function fileTable(files: readonly FileAccount[]): string {
  const rows = files.map((file) => {
    const notes = file.notes.length === 0 ? '' : `<ul>${file.notes.map((note) => `<li>${escapeHtml(note.text)}${note.examples.length > 0 ? `<ul>${note.examples.map((example) => `<li>${escapeHtml(example)}</li>`).join('')}</ul>` : ''}</li>`).join('')}</ul>`;
    const numbers = [formatCount(file.events), formatCount(file.skipped), formatCount(file.bytes)].map((text) => `<td class="num">${text}</td>`).join('');
    return `<tr><td>${escapeHtml(file.file)}</td><td>${escapeHtml(file.recognised)}</td><td>${escapeHtml(file.status)}</td>${numbers}<td>${notes}</td></tr>`;
  });
  const head = ['file', 'recognised as', 'status', 'events', 'lines skipped', 'bytes', 'notes'].map((header, i) => `<th${i >= 3 && i <= 5 ? ' class="num"' : ''}>${header}</th>`).join('');
  return `<table class="files"><thead><tr>${head}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function alertList(alerts: readonly AlertDocument[], maxDocuments: number): string[] {
  if (alerts.length === 0) return ['<p class="muted">No alerts.</p>'];
  const columns = LIST_COLUMNS.map((header) => SUMMARY_COLUMNS.find((column) => column.header === header)!);
  const rows = alerts.map((alert, i) => {
    const cells = summaryCells(alert, columns);
    const severity = cells[1] ?? '';
    const tds = cells.map((text, c) => (c === 1 ? `<td class="sev sev-${SEVERITIES.includes(severity as never) ? severity : 'other'}">${escapeHtml(text)}</td>` : `<td>${escapeHtml(text)}</td>`));
    // The document gets a row of its own across every column: opened, it never takes a column's width.
    const row = `${i === 0 ? '' : '\n'}<tr${i < maxDocuments ? ' class="has-doc"' : ''}>${tds.join('')}</tr>`;
    if (i >= maxDocuments) return row;
    return `${row}<tr class="doc"><td colspan="${LIST_COLUMNS.length}"><details><summary>document</summary><pre>${escapeHtml(readableJson(alert))}</pre></details></td></tr>`;
  });
  const note = alerts.length > maxDocuments ? `<p class="muted">Full documents are included for the first ${plural(maxDocuments, 'alert')}; export NDJSON for all of them.</p>` : '';
  const colgroup = `<colgroup>${LIST_WIDTHS.map((width) => `<col style="width:${width}">`).join('')}</colgroup>`;
  return [`${note}<table class="alerts">${colgroup}<thead><tr>${LIST_COLUMNS.map((header) => `<th>${escapeHtml(header)}</th>`).join('')}</tr></thead><tbody>\n`, ...rows, '\n</tbody></table>'];
}

/**
 * `JSON.stringify(alert, null, 2)` down to READABLE_DEPTH levels, compact below: the same text for
 * ordinary alerts, and no stack overflow or quadratic indentation for an event nested thousands deep.
 */
function readableJson(alert: AlertDocument): string {
  return writeJson(alert, { indent: '  ', indentDepth: READABLE_DEPTH }) ?? '';
}

function countBy(alerts: readonly AlertDocument[], keys: (alert: AlertDocument) => readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const alert of alerts) for (const key of keys(alert)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
