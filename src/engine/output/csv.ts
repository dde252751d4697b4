import type { AlertDocument } from '../alerts/types.ts';
import { SUMMARY_COLUMNS, summaryCells } from './summary-columns.ts';

/**
 * Alert summaries as CSV (RFC 4180: CRLF line ends; a field with `"`, `,`, CR or LF is quoted,
 * inner quotes doubled). Event data is attacker-controlled, and spreadsheets run cells that
 * start with `=`, `+`, `-`, `@`, tab or CR as formulas, so such cells get a leading `'`
 * (OWASP's "CSV injection" advice); the text after it is unchanged.
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

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string): string {
  const defused = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(defused) ? `"${defused.replaceAll('"', '""')}"` : defused;
}
