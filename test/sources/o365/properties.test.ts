/** The o365 mapper never throws, whatever a record or its AuditData holds: every record is events or a named not-mapped reason. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createO365Mapper } from '../../../src/sources/o365/map.ts';
import { damage } from '../damage.ts';
import { INCIDENT, searchResult } from './fixtures.ts';

const anyJson = fc.jsonValue({ maxDepth: 3 });
const KEYS = ['CreationTime', 'RecordType', 'Workload', 'Operation', 'ResultStatus', 'UserId', 'ClientIP', 'ClientIPAddress', 'ActorIpAddress', 'OriginatingServer', 'OrganizationId', 'OrganizationName', 'Parameters', 'ExtendedProperties', 'ModifiedProperties', 'AlertLinks', 'OperationProperties', 'ObjectId', 'Members', 'PolicyDetails', 'ExceptionInfo', 'SharePointMetaData', 'ExchangeMetaData', 'Severity', 'Category', 'EntityType', 'AlertEntityId', 'Operation'];

function mapsOrNames(record: unknown): void {
  const result = createO365Mapper({ path: 'x.json', host: 'x' }).map(record as Record<string, unknown>);
  if ('events' in result) expect(result.events).toHaveLength(1);
  else expect(result.notMapped).toMatch(/^(AuditData not a JSON object|not a JSON object|no CreationTime)$/);
}

describe('o365 mapping never throws', () => {
  it('on any value at any path of a real-shaped record', () => {
    fc.assert(fc.property(fc.nat(), fc.nat(), anyJson, (which, pick, value) => mapsOrNames(damage(INCIDENT[which % INCIDENT.length], pick, value))), { numRuns: 2000 });
  });

  it('on any value under any key the mapper reads, also with every record type', () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom(...KEYS), anyJson, fc.integer({ min: -1, max: 200 }), (which, key, value, recordType) => {
        const record = { ...INCIDENT[which % INCIDENT.length], RecordType: recordType, [key]: value };
        mapsOrNames(record);
      }),
      { numRuns: 3000 },
    );
  });

  it('on any AuditData text or value in a Search-UnifiedAuditLog object', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), anyJson, fc.json()), (data) => mapsOrNames({ ...searchResult(INCIDENT[0]!, 0, 1), AuditData: data })), { numRuns: 1000 });
  });
});
