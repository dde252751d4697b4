/**
 * Jamf Protect telemetry to ECS: every record as Elastic's jamf_protect integration indexes it
 * (telemetry.ts), and, for the Endpoint Security events Elastic Defend also reports (exec, fork,
 * exit, sensitive opens, file changes), the Defend-shaped event too, made by the eslogger mapper
 * (Jamf sends the same `es_message_t` JSON), so rules written for `logs-endpoint.events.*` run on
 * Jamf evidence. Each host in the file has its own process table. See docs/sources-macos.md.
 */
import { objectAt } from '../common/json.ts';
import { createEsloggerMapper } from '../eslogger/map.ts';
import type { EcsEvent, MapResult, RawRecord, RecordMapper, SourceContext } from '../types.ts';
import { hostFields, readHost, telemetryEvent } from './telemetry.ts';

export const JAMF_NOT_MAPPED = { unreadable: 'unreadable record' } as const;

export function createJamfMapper(context: SourceContext): RecordMapper {
  const defend = new Map<string, RecordMapper>();
  return {
    map(record: RawRecord): MapResult {
      const body = objectAt(record, 'event');
      const keys = body ? Object.keys(body) : [];
      if (keys.length !== 1) return { notMapped: JAMF_NOT_MAPPED.unreadable, message: `event holds ${keys.length} keys, not one naming the event` };
      const action = keys[0]!;
      const telemetry = telemetryEvent(record, action, context.path);
      if (telemetry === undefined) return { notMapped: JAMF_NOT_MAPPED.unreadable, message: `${action}: no ISO-8601 time` };
      const host = readHost(record);
      const hostName = host.name ?? context.host;
      let mapper = defend.get(hostName);
      if (mapper === undefined) defend.set(hostName, (mapper = createEsloggerMapper({ path: context.path, host: hostName })));
      const result = mapper.map(record);
      const defended = 'events' in result ? result.events.map((event) => withHost(event, hostFields(host))) : [];
      return { events: [telemetry, ...defended] };
    },
  };
}

/** A Defend event with the record's host fields (the same `host.name`/`host.id` as the integration's document, so host-keyed rules agree). */
function withHost(event: EcsEvent, host: Record<string, unknown>): EcsEvent {
  const own = event['host'] as Record<string, unknown>;
  const os = { ...(own['os'] as Record<string, unknown>), ...(host['os'] as Record<string, unknown>) };
  return { ...event, host: { ...own, ...host, os } };
}
