import type { AlertDocument } from '../alerts/types.ts';

/**
 * One alert per line, as an Elasticsearch `_source` export has them. Keys keep the order the
 * alert builders give them (Kibana's), so equal input gives byte-identical output.
 */
export function formatNdjsonLine(alert: AlertDocument): string {
  return `${JSON.stringify(alert)}\n`;
}

export function formatNdjson(alerts: Iterable<AlertDocument>): string {
  let out = '';
  for (const alert of alerts) out += formatNdjsonLine(alert);
  return out;
}
