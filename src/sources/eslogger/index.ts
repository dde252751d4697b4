/**
 * Apple's `eslogger` (macOS 13+): `sudo eslogger exec fork exit open close create rename unlink
 * > es.json` writes one Endpoint Security message per line as JSON. Mapped to Elastic Defend's
 * macOS events (map.ts); see docs/sources-macos.md.
 */
import { integerAt, objectAt, stringAt } from '../common/json.ts';
import { readAuditToken } from './message.ts';
import type { RawRecord, RecordSource } from '../types.ts';
import { createEsloggerMapper } from './map.ts';

/** An eslogger message: `schema_version`, a numeric `event_type`, one `event.<kind>`, and the acting `process`. */
export function isEsloggerMessage(record: RawRecord): boolean {
  const event = objectAt(record, 'event');
  return (
    integerAt(record, 'schema_version') !== undefined &&
    integerAt(record, 'event_type') !== undefined &&
    stringAt(record, 'time') !== undefined &&
    event !== undefined &&
    Object.keys(event).length === 1 &&
    readAuditToken(objectAt(record, 'process')?.['audit_token']) !== undefined
  );
}

export const esloggerSource: RecordSource = {
  kind: 'records',
  name: 'eslogger',
  recordNoun: 'message',
  sniff: ({ records }) => records[0] !== undefined && isEsloggerMessage(records[0]),
  createMapper: createEsloggerMapper,
};
