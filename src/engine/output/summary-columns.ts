import { compileFieldGetter, type FieldGetter } from '../fields/access.ts';
import type { AlertDocument } from '../alerts/types.ts';

/** A column of the alert summaries written as CSV and as a terminal table. */
export interface SummaryColumn {
  readonly header: string;
  /** Widest a terminal table lets the column grow (CSV never truncates). */
  readonly maxWidth: number;
  readonly align: 'left' | 'right';
  readonly read: (alert: AlertDocument) => string;
}

/** All values of the first of the given fields that has any, joined with ", ". */
export function firstOf(...fields: string[]): (alert: AlertDocument) => string {
  const getters: FieldGetter[] = fields.map((field) => compileFieldGetter(field));
  return (alert) => {
    for (const getter of getters) {
      const values = getter(alert);
      if (values.length > 0) return values.map(String).join(', ');
    }
    return '';
  };
}

/**
 * The summary columns, in order. `timestamp` is when the event happened
 * (`kibana.alert.original_time`), falling back to the alert's `@timestamp` (the run time).
 */
export const SUMMARY_COLUMNS: readonly SummaryColumn[] = [
  { header: 'timestamp', maxWidth: 24, align: 'left', read: firstOf('kibana.alert.original_time', '@timestamp') },
  { header: 'rule', maxWidth: 40, align: 'left', read: firstOf('kibana.alert.rule.name') },
  { header: 'severity', maxWidth: 8, align: 'left', read: firstOf('kibana.alert.severity') },
  { header: 'risk_score', maxWidth: 10, align: 'right', read: firstOf('kibana.alert.risk_score') },
  { header: 'host.name', maxWidth: 24, align: 'left', read: firstOf('host.name') },
  { header: 'user.name', maxWidth: 20, align: 'left', read: firstOf('user.name') },
  { header: 'process.name', maxWidth: 24, align: 'left', read: firstOf('process.name') },
  { header: 'process.command_line', maxWidth: 48, align: 'left', read: firstOf('process.command_line') },
  { header: 'reason', maxWidth: 80, align: 'left', read: firstOf('kibana.alert.reason') },
  { header: 'uuid', maxWidth: 64, align: 'left', read: firstOf('kibana.alert.uuid') },
];

export function summaryCells(alert: AlertDocument, columns: readonly SummaryColumn[] = SUMMARY_COLUMNS): string[] {
  return columns.map((column) => column.read(alert));
}
