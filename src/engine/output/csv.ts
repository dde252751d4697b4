import type { AlertDocument } from '../alerts/types.ts';
import { SUMMARY_COLUMNS, summaryCells } from './summary-columns.ts';

/**
 * Alert summaries as CSV (RFC 4180: CRLF line ends; a field with `"`, `,`, CR or LF is quoted,
 * inner quotes doubled). Event data is attacker-controlled and spreadsheets run formulas, so
 * cells that could be read as one get a leading `'` (OWASP "CSV Injection", ASVS 1.2.10); the
 * text after it is unchanged. See `FORMULA_START` for what counts.
 */
export function formatCsvHeader(): string {
  return formatCsvRecord(SUMMARY_COLUMNS.map((column) => column.header));
}

export function formatCsvRow(alert: AlertDocument): string {
  return formatCsvRecord(summaryCells(alert));
}

export function formatCsv(alerts: Iterable<AlertDocument>): string {
  let out = formatCsvHeader();
  for (const alert of alerts) out += formatCsvRow(alert);
  return out;
}

export function formatCsvRecord(cells: readonly string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/**
 * A cell a spreadsheet may take for a formula: one starting with `=`, `+`, `-`, `@`, tab, CR or
 * NUL (OWASP, ASVS), also behind characters a reader does not see or a spreadsheet may drop
 * first: whitespace, invisible format characters (BOM, zero-width space/joiners, bidi marks,
 * soft hyphen: Unicode `Cf`) and quotes; and the full-width and small forms of `= + - @`
 * (`＝＋－＠`, `﹦﹢﹣﹫`), which East Asian input and some spreadsheets treat as the ASCII ones.
 */
const FORMULA_START = /^[\s\p{Cf}"']*[=+\-@\t\r\0\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B]/u;
/**
 * `;` too: Excel in locales whose list separator is `;` splits an unquoted `a;=cmd` into a second
 * cell that starts with `=`. Quoting keeps it one cell there and changes nothing elsewhere.
 */
const NEEDS_QUOTES = /[",;\r\n]/;

export function csvField(value: string): string {
  const defused = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(defused) ? `"${defused.replaceAll('"', '""')}"` : defused;
}
