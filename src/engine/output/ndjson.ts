import type { AlertDocument } from '../alerts/types.ts';
import { stringifyJson } from '../json/stringify.ts';

/**
 * One alert per line, as an Elasticsearch `_source` export has them. Keys keep the order the
 * alert builders give them (Kibana's), so equal input gives byte-identical output. Any depth of
 * nesting in the source event is written (see stringifyJson).
 */
export function formatNdjsonLine(alert: AlertDocument): string {
  return ndjsonLineOf(stringifyJson(alert));
}

/** The line of a document already written as JSON text (the detector's `eachAlertText`). */
export function ndjsonLineOf(text: string): string {
  return `${text}\n`;
}

export function formatNdjson(alerts: Iterable<AlertDocument>): string {
  let out = '';
  for (const alert of alerts) out += formatNdjsonLine(alert);
  return out;
}
