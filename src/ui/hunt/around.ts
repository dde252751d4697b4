/** What "events around this alert" hunts for: the alert's host and the time of its source event. */
import type { AlertDocument } from '../../engine/alerts/types.ts';
import { compileFieldGetter } from '../../engine/fields/access.ts';

const hostName = compileFieldGetter('host.name');

export function aroundTarget(alert: AlertDocument): { host: string; time: string } | undefined {
  const host = hostName(alert).find((value): value is string => typeof value === 'string' && value !== '');
  // The alert's @timestamp is when it was created; the event's time is kept as original_time.
  const time = alert['kibana.alert.original_time'] ?? alert['@timestamp'];
  if (host === undefined || typeof time !== 'string' || Number.isNaN(Date.parse(time))) return undefined;
  return { host, time };
}
