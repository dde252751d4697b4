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
const winlogApi = compileFieldGetter('winlog.api');
const logFilePath = compileFieldGetter('log.file.path');

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

/**
 * A second index name for Windows event log records read from a file: events with
 * `winlog.api: wineventlog` and a `log.file.path` (Winlogbeat and Elastic Agent's winlog input set
 * it when they read an `.evtx` file; reading a live channel they do not), whose index is a data
 * stream, and that carried no `_index`. Such a file shipped with Winlogbeat lands in
 * `winlogbeat-<version>`, with Elastic Agent in `logs-<dataset>-<namespace>`; a file read here
 * could have been either, so a rule sees the event if either name is in its patterns
 * (`winlogbeat-*` alone, as 36 public Windows rules have it, or `logs-windows.*`). The alias is
 * `winlogbeat-<agent.version>`, `winlogbeat-evtx` without a version. Null for every other event.
 */
export function eventIndexAlias(event: EventDoc, hint?: string): string | null {
  if (hint !== undefined && hint !== '') return null;
  if (firstText(winlogApi(event)) !== 'wineventlog' || firstText(logFilePath(event)) === undefined) return null;
  if (firstText(dataStreamDataset(event)) === undefined) return null;
  return `winlogbeat-${firstText(agentVersion(event)) ?? 'evtx'}`;
}

/**
 * The index name a rule sees an event under: its index when the rule's patterns select it, else
 * its alias when they select that, else null (the rule does not see the event).
 */
export function routedIndex(routes: (index: string) => boolean, index: string, alias: string | null): string | null {
  if (routes(index)) return index;
  return alias !== null && routes(alias) ? alias : null;
}

/** The first value as text (data stream fields are keywords: a number is its string form). */
function firstText(values: readonly (string | number | boolean)[]): string | undefined {
  const value = values[0];
  if (value === undefined || typeof value === 'boolean') return undefined;
  const text = String(value);
  return text === '' ? undefined : text;
}
