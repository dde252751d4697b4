/**
 * Okta System Log events (`/api/v1/logs` LogEvent objects): the API's JSON array, NDJSON (one per
 * line, as SIEM exports and `okta-logs` tools write them) and the Admin Console's CSV download
 * (csv-row.ts). Mapped as Elastic's okta integration
 * does (`logs-okta.system-*`, map.ts). Recognised by content: `eventType`, `published` and an
 * `actor` or `uuid` on the first record.
 */
import type { RecordSource } from '../types.ts';
import { isOktaCsvRow } from './csv-row.ts';
import { createOktaMapper, isOktaLogEvent } from './map.ts';

export const oktaSystemSource: RecordSource = {
  kind: 'records',
  name: 'okta.system',
  recordNoun: 'event',
  hostsInRecords: true,
  sniff: ({ records, shape }) => records[0] !== undefined && (shape === 'csv' ? isOktaCsvRow(records[0]) : isOktaLogEvent(records[0])),
  createMapper: createOktaMapper,
};
