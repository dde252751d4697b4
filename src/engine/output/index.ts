/** Writers turning alert documents into text: NDJSON, CSV, terminal table. */
export { formatNdjson, formatNdjsonLine, ndjsonLineOf } from './ndjson.ts';
export { formatCsv, formatCsvHeader, formatCsvRow, formatCsvRecord, csvField } from './csv.ts';
export { formatTextTable, textTableLines, type TextTableOptions } from './text-table.ts';
export { escapeControls, printable } from './terminal-text.ts';
export { SUMMARY_COLUMNS, summaryCells, type SummaryColumn } from './summary-columns.ts';
export { htmlReport, htmlReportParts, type HtmlReportInput } from './html-report.ts';
export { escapeHtml } from './html-escape.ts';
export { formatBulkEvent, formatEventLine, FALLBACK_INDEX } from './event-lines.ts';
export { formatCount, plural } from './plural.ts';
export { alertsIndex, formatKibanaBulkAlert } from './kibana-bulk.ts';
export { formatTimelineCsvHeader, formatTimelineCsvRow } from './timeline-csv.ts';
