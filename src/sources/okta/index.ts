/**
 * Okta System Log events (`/api/v1/logs` LogEvent objects): the API's JSON array, NDJSON (one per
 * line, as SIEM exports and `okta-logs` tools write them). Mapped as Elastic's okta integration
 * does (`logs-okta.system-*`, map.ts). Recognised by content: `eventType`, `published` and an
 * `actor` or `uuid` on the first record.
 */
import type { RecordSource } from '../types.ts';
import { createOktaMapper, isOktaLogEvent } from './map.ts';

export const oktaSystemSource: RecordSource = {
  kind: 'records',
  name: 'okta.system',
  recordNoun: 'event',
  hostsInRecords: true,
  sniff: ({ records }) => records[0] !== undefined && isOktaLogEvent(records[0]),
  createMapper: createOktaMapper,
};
