/**
 * osqueryd results logs (`osqueryd.results.log`): the `es_process_events` and
 * `es_process_file_events` tables' rows mapped to Elastic Defend events (map.ts); rows of other
 * queries are counted as not mapped. Host from each record's `hostIdentifier`.
 */
import { objectAt, stringAt } from '../common/json.ts';
import type { RawRecord, RecordSource } from '../types.ts';
import { createOsqueryMapper } from './map.ts';

/** A results-log record: query name, host identifier, and rows as columns, a snapshot or diffResults. */
export function isOsqueryResult(record: RawRecord): boolean {
  return (
    stringAt(record, 'name') !== undefined &&
    stringAt(record, 'hostIdentifier') !== undefined &&
    (objectAt(record, 'columns') !== undefined || Array.isArray(record['snapshot']) || objectAt(record, 'diffResults') !== undefined)
  );
}

export const osqueryResultsSource: RecordSource = {
  kind: 'records',
  name: 'osquery',
  recordNoun: 'result',
  hostsInRecords: true,
  sniff: ({ records }) => records[0] !== undefined && isOsqueryResult(records[0]),
  createMapper: createOsqueryMapper,
};
