/**
 * Beats file output (and `logstash` stdout/file with the json codec) writes each event with the
 * `@metadata` the Beat routes by. `@metadata` is never indexed (Beats drop it before sending to
 * Elasticsearch), so it is removed from the event, and it names the index the event would have
 * gone to: `@metadata.raw_index` when a module or processor pinned one, else the Beat's default
 * data stream `<beat>-<version>` (as the engine's router derives from `agent.*` for Beats 8),
 * else the Beat name alone.
 */
import type { EventObject } from '../events.ts';

export function takeBeatsMetadata(event: EventObject): string | undefined {
  if (!Object.hasOwn(event, '@metadata')) return undefined;
  const metadata = event['@metadata'];
  delete event['@metadata'];
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return undefined;
  const { beat, version, raw_index: rawIndex } = metadata as Record<string, unknown>;
  if (typeof rawIndex === 'string' && rawIndex !== '') return rawIndex;
  if (typeof beat !== 'string' || beat === '') return undefined;
  return typeof version === 'string' && version !== '' ? `${beat}-${version}` : beat;
}
