import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildThresholdAlert, prepareRule } from '../../../src/engine/alerts/index.ts';
import { makeRule, NOW, NOW_ISO } from './fixtures.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// Shape from rule_types/threshold/bulk_create_threshold_signals.ts (transformBucketIntoHit),
// threshold/utils.ts (calculateThresholdSignalUuid inputs) and factories/wrap_hits.ts.
describe('buildThresholdAlert', () => {
  const rule = makeRule({
    type: 'threshold',
    index: ['logs-*', 'winlogbeat-*'],
    threshold: { field: ['host.name', 'event.outcome'], value: 5, cardinality: [{ field: 'user.name', value: 2 }] },
  });
  const prepared = prepareRule(rule, { now: NOW });
  const bucket = {
    terms: [
      { field: 'host.name', value: 'dc-01' },
      { field: 'event.outcome', value: 'failure' },
    ],
    count: 12,
    firstTime: Date.UTC(2024, 4, 6, 7, 0, 0),
    lastTime: Date.UTC(2024, 4, 6, 7, 4, 0),
    cardinality: 3,
  };
  const alert = buildThresholdAlert(prepared, bucket)!;
  const bucketId = sha256(`rule-1${NOW_ISO}host.name,event.outcomedc-01,failure`);

  it.each<[string, unknown]>([
    ['host.name', 'dc-01'],
    ['event.kind', 'signal'],
    ['kibana.alert.original_event.outcome', 'failure'],
    ['kibana.alert.original_time', '2024-05-06T07:04:00.000Z'],
    [
      'kibana.alert.threshold_result',
      { cardinality: [{ field: 'user.name', value: 3 }], count: 12, from: '2024-05-06T07:00:00.000Z', terms: [{ field: 'host.name', value: 'dc-01' }, { field: 'event.outcome', value: 'failure' }] },
    ],
    ['kibana.alert.ancestors', [{ id: bucketId, type: 'event', index: 'logs-*,winlogbeat-*', depth: 0 }]],
    ['kibana.alert.uuid', sha256(`logs-*,winlogbeat-*${bucketId}undefineddefault:${rule.id}`)],
    ['kibana.alert.reason', 'event on dc-01 created high alert Suspicious Child.'],
    ['kibana.alert.rule.rule_type_id', 'siem.thresholdRule'],
    ['kibana.alert.rule.category', 'Threshold Rule'],
  ])('%s', (field, expected) => {
    expect(alert[field]).toEqual(expected);
  });

  it('holds only the group-by values from the events (as dotted keys)', () => {
    const sourceKeys = Object.keys(alert).filter((key) => !key.startsWith('kibana.') && key !== '@timestamp' && key !== 'event.kind');
    expect(sourceKeys).toEqual(['host.name', 'event.outcome']);
    expect(Object.prototype.hasOwnProperty.call(alert, 'threshold_result')).toBe(false);
  });

  it('normalises a string threshold field and writes no cardinality without one', () => {
    const legacy = prepareRule(makeRule({ type: 'threshold', threshold: { field: 'host.name', value: 2 } }), { now: NOW });
    const legacyAlert = buildThresholdAlert(legacy, { terms: [{ field: 'host.name', value: 'h' }], count: 2, firstTime: 0, lastTime: 1 })!;
    expect((legacyAlert['kibana.alert.rule.parameters'] as Record<string, unknown>)['threshold']).toEqual({ field: ['host.name'], value: 2 });
    expect(legacyAlert['kibana.alert.threshold_result']).toEqual({ count: 2, from: '1970-01-01T00:00:00.000Z', terms: [{ field: 'host.name', value: 'h' }] });
  });

  it('handles a rule without group-by fields', () => {
    const ungrouped = prepareRule(makeRule({ type: 'threshold', threshold: { field: [], value: 100 } }), { now: NOW });
    const result = buildThresholdAlert(ungrouped, { terms: [], count: 150, firstTime: 0, lastTime: 1000 })!;
    expect(result['kibana.alert.threshold_result']).toEqual({ count: 150, from: '1970-01-01T00:00:00.000Z', terms: [] });
    expect(result['kibana.alert.reason']).toBe('event created high alert Suspicious Child.');
  });

  it('differs between buckets and between runs (Kibana hashes the execution time)', () => {
    const other = buildThresholdAlert(prepared, { ...bucket, terms: [{ field: 'host.name', value: 'dc-02' }, { field: 'event.outcome', value: 'failure' }] })!;
    const later = buildThresholdAlert(prepareRule(rule, { now: NOW + 300_000 }), bucket)!;
    expect(new Set([alert, other, later].map((a) => a['kibana.alert.uuid'])).size).toBe(3);
  });

  it('hashes the finding execution into the bucket id, so a later execution is a new alert', () => {
    const executedAt = Date.UTC(2024, 4, 6, 7, 5, 0);
    const first = buildThresholdAlert(prepared, { ...bucket, executionTime: executedAt })!;
    const again = buildThresholdAlert(prepared, { ...bucket, executionTime: executedAt })!;
    const later = buildThresholdAlert(prepared, { ...bucket, executionTime: executedAt + 300_000 })!;
    expect(first['kibana.alert.ancestors']).toEqual([
      expect.objectContaining({ id: sha256(`rule-1${new Date(executedAt).toISOString()}host.name,event.outcomedc-01,failure`) }),
    ]);
    expect(again['kibana.alert.uuid']).toBe(first['kibana.alert.uuid']);
    expect(later['kibana.alert.uuid']).not.toBe(first['kibana.alert.uuid']);
  });
});
