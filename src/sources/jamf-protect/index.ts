/**
 * Jamf Protect's telemetry ("Device Telemetry Stream": Endpoint Security messages as JSON, one per
 * line, with Jamf's `host`, `metadata` and `uuid` added). Mapped as Elastic's jamf_protect
 * integration does, plus Defend-shaped events where Defend reports the same activity (map.ts).
 */
import { integerAt, objectAt, stringAt } from '../common/json.ts';
import type { RawRecord, RecordSource } from '../types.ts';
import { createJamfMapper } from './map.ts';

/** Jamf's metadata block and an Endpoint Security message's numeric type and single event key. */
export function isJamfTelemetry(record: RawRecord): boolean {
  const metadata = objectAt(record, 'metadata');
  const event = objectAt(record, 'event');
  return stringAt(metadata, 'vendor') === 'Jamf' && integerAt(record, 'event_type') !== undefined && event !== undefined && Object.keys(event).length === 1;
}

export const jamfProtectSource: RecordSource = {
  kind: 'records',
  name: 'jamf_protect',
  recordNoun: 'record',
  hostsInRecords: true,
  sniff: ({ records }) => records[0] !== undefined && isJamfTelemetry(records[0]),
  createMapper: createJamfMapper,
};
