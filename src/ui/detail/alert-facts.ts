/**
 * What the detail view reads from one alert document: the source event as it was before the
 * engine added its `kibana.*` fields, the rule's text, and its ATT&CK mapping.
 */
import type { AlertDocument } from '../../engine/alerts/types.ts';
import type { EventDoc } from '../../engine/query/event.ts';
import type { Threat } from '../../engine/rules/model.ts';

const ALERT_ROOTS = new Set(['kibana', 'loupe']);

/**
 * The event an alert was built from: every key but the alert's own (`kibana.*`, Loupe's notes);
 * `@timestamp` back to the event's time (`kibana.alert.original_time`) and `event.kind` back
 * from `kibana.alert.original_event.kind`, since the alert overwrote both.
 */
export function sourceEventOf(alert: AlertDocument): EventDoc {
  const event: EventDoc = {};
  for (const key of Object.keys(alert)) {
    if (ALERT_ROOTS.has(key.split('.', 1)[0]!)) continue;
    if (key === 'event.kind') continue;
    Object.defineProperty(event, key, { value: alert[key], enumerable: true, writable: true, configurable: true });
  }
  const originalTime = alert['kibana.alert.original_time'];
  if (typeof originalTime === 'string') event['@timestamp'] = originalTime;
  const originalKind = alert['kibana.alert.original_event.kind'];
  if (originalKind !== undefined) event['event.kind'] = originalKind;
  return event;
}

export function text(alert: AlertDocument, key: string): string | undefined {
  const value = alert[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function strings(alert: AlertDocument, key: string): string[] {
  const value = alert[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export interface TacticLine {
  readonly tactic: string;
  readonly tacticId: string;
  readonly techniques: readonly string[];
}

/** `kibana.alert.rule.threat` as lines of "tactic: technique (id), subtechnique (id)". Untrusted shape: checked. */
export function threatLines(alert: AlertDocument): TacticLine[] {
  const value = alert['kibana.alert.rule.threat'];
  if (!Array.isArray(value)) return [];
  const lines: TacticLine[] = [];
  for (const item of value as Partial<Threat>[]) {
    if (typeof item !== 'object' || item === null || typeof item.tactic !== 'object' || item.tactic === null) continue;
    const techniques: string[] = [];
    for (const technique of Array.isArray(item.technique) ? item.technique : []) {
      techniques.push(`${technique.name} (${technique.id})`);
      for (const sub of Array.isArray(technique.subtechnique) ? technique.subtechnique : []) techniques.push(`${sub.name} (${sub.id})`);
    }
    lines.push({ tactic: String(item.tactic.name), tacticId: String(item.tactic.id), techniques });
  }
  return lines;
}
