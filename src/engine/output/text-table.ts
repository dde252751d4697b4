import type { AlertDocument } from '../alerts/types.ts';
import { SUMMARY_COLUMNS, summaryCells, type SummaryColumn } from './summary-columns.ts';
import { printable } from './terminal-text.ts';

export { printable };

export interface TextTableOptions {
  readonly columns?: readonly SummaryColumn[];
}

/**
 * Alert summaries as an aligned plain-text table for terminals: a header, a rule of dashes,
 * one line per alert. Each column is as wide as its widest cell up to the column's
 * `maxWidth`; longer cells end in `…`. Widths count code points (wide CJK characters and
 * combining marks are not measured). Control characters (ANSI escapes, newlines) and bidi
 * overrides in event data are replaced, so a hostile event cannot drive the terminal.
 */
export function formatTextTable(alerts: Iterable<AlertDocument>, options: TextTableOptions = {}): string {
  return textTableLines(alerts, options).join('');
}

/** The table's lines (each ending in `\n`), for writing one at a time. */
export function textTableLines(alerts: Iterable<AlertDocument>, options: TextTableOptions = {}): string[] {
  const columns = options.columns ?? SUMMARY_COLUMNS;
  const rows = [...alerts].map((alert) => summaryCells(alert, columns).map(printable));
  const widths = columns.map((column, i) => Math.min(column.maxWidth, rows.reduce((widest, row) => Math.max(widest, length(row[i]!)), length(column.header))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => fit(cell, widths[i]!, columns[i]!.align))
      .join('  ')
      .trimEnd() + '\n';
  const rule = widths.map((width) => '-'.repeat(width));
  return [line(columns.map((column) => column.header)), line(rule), ...rows.map(line)];
}


function length(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function fit(text: string, width: number, align: 'left' | 'right'): string {
  const points = Array.from(text);
  const cut = points.length > width ? points.slice(0, Math.max(0, width - 1)).join('') + '…' : text;
  const pad = ' '.repeat(Math.max(0, width - length(cut)));
  return align === 'right' ? pad + cut : cut + pad;
}
