/**
 * The index an event would live in, so rules see only events from their `index` patterns.
 *
 * In order: the `_index` the input carried (Elasticsearch exports, passed by ingest as `hint`);
 * else the data stream from `data_stream.{type,dataset,namespace}` (`<type>-<dataset>-<namespace>`,
 * Fleet's defaults `logs` and `default` filling a missing type or namespace); else, for events a
 * Beat shipped, its default data stream `<agent.type>-<agent.version>` (Beats 8 write to the data
 * stream `auditbeat-8.15.2`; Beats 7 to an alias of the same name); else null: unknown, and the
 * caller lets every rule see the event. Only known Beats get a derived name: an Elastic Agent
 * component such as `endpoint` without `data_stream.*` would otherwise get a made-up index that
 * hides it from the rules written for it.
 */
import { compileFieldGetter } from '../fields/access.ts';
import type { EventDoc } from '../query/event.ts';

const BEATS: ReadonlySet<string> = new Set(['auditbeat', 'filebeat', 'functionbeat', 'heartbeat', 'journalbeat', 'metricbeat', 'packetbeat', 'winlogbeat']);

const dataStreamType = compileFieldGetter('data_stream.type');
const dataStreamDataset = compileFieldGetter('data_stream.dataset');
const dataStreamNamespace = compileFieldGetter('data_stream.namespace');
const agentType = compileFieldGetter('agent.type');
const agentVersion = compileFieldGetter('agent.version');

export function eventIndex(event: EventDoc, hint?: string): string | null {
  if (hint !== undefined && hint !== '') return hint;
  const dataset = firstText(dataStreamDataset(event));
  if (dataset !== undefined) {
    return `${firstText(dataStreamType(event)) ?? 'logs'}-${dataset}-${firstText(dataStreamNamespace(event)) ?? 'default'}`;
  }
  const beat = firstText(agentType(event));
  const version = firstText(agentVersion(event));
  if (beat !== undefined && version !== undefined && BEATS.has(beat)) return `${beat}-${version}`;
  return null;
}

/** The first value as text (data stream fields are keywords: a number is its string form). */
function firstText(values: readonly (string | number | boolean)[]): string | undefined {
  const value = values[0];
  if (value === undefined || typeof value === 'boolean') return undefined;
  const text = String(value);
  return text === '' ? undefined : text;
}
