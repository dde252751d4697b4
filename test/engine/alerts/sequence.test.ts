import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildSequenceAlerts, prepareRule } from '../../../src/engine/alerts/index.ts';
import { formatNdjson } from '../../../src/engine/output/ndjson.ts';
import { makeEvent, makeRule, NOW, NOW_ISO } from './fixtures.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// Shape from rule_types/eql/build_alert_group_from_sequence.ts (buildAlertGroupFromSequence,
// buildAlertRoot) and factories/utils/generate_building_block_ids.ts / build_alert.ts generateAlertId.
describe('buildSequenceAlerts', () => {
  const rule = makeRule({ type: 'eql', language: 'eql', query: 'sequence by host.name [process where true] [network where true]', severity: 'medium', risk_score: 47 });
  const prepared = prepareRule(rule, { now: NOW });
  const first = makeEvent(
    '{"@timestamp":"2024-05-06T07:00:00Z","event":{"kind":"event","category":["process"]},"host":{"name":"ws-01"},"process":{"name":"a.exe"},"tags":["x","y"]}',
    { id: 'e1', index: 'logs-a', location: { file: 'f.ndjson', line: 1 } },
  );
  const second = makeEvent(
    '{"@timestamp":"2024-05-06T07:00:05Z","event":{"kind":"event","category":["network"]},"host":{"name":"ws-01"},"source":{"ip":"10.0.0.1"},"tags":["y"]}',
    { id: 'e2', index: 'logs-b', location: { file: 'f.ndjson', line: 9 } },
  );
  const result = buildSequenceAlerts(prepared, [first, null, second])!;
  const [block0, block1] = result.buildingBlocks;
  const base = `e1logs-a${rule.id}e2logs-b${rule.id}`;
  const blockIds = [sha256(`${base}0`), sha256(`${base}1`)];
  const shellId = sha256(`e1logs-a${blockIds[0]}e2logs-b${blockIds[1]}${rule.id}`);

  it('writes one building block per present event (missing-event placeholders get none)', () => {
    expect(result.buildingBlocks).toHaveLength(2);
  });

  it.each<[string, unknown, unknown]>([
    ['kibana.alert.uuid', blockIds[0], blockIds[1]],
    ['kibana.alert.building_block_type', 'default', 'default'],
    ['kibana.alert.group.id', shellId, shellId],
    ['kibana.alert.group.index', 0, 1],
    ['kibana.alert.depth', 1, 1],
    ['kibana.alert.ancestors', [{ id: 'e1', type: 'event', index: 'logs-a', depth: 0 }], [{ id: 'e2', type: 'event', index: 'logs-b', depth: 0 }]],
    ['kibana.alert.original_time', '2024-05-06T07:00:00.000Z', '2024-05-06T07:00:05.000Z'],
    ['kibana.alert.reason', 'process event with process a.exe, on ws-01 created medium alert Suspicious Child.', 'network event with source 10.0.0.1 on ws-01 created medium alert Suspicious Child.'],
    ['kibana.alert.rule.rule_type_id', 'siem.eqlRule', 'siem.eqlRule'],
    ['loupe', { source: { file: 'f.ndjson', line: 1 } }, { source: { file: 'f.ndjson', line: 9 } }],
  ])('building block %s', (field, expected0, expected1) => {
    expect(block0![field]).toEqual(expected0);
    expect(block1![field]).toEqual(expected1);
  });

  it.each<[string, unknown]>([
    ['kibana.alert.uuid', shellId],
    ['kibana.alert.group.id', shellId],
    ['kibana.alert.depth', 2],
    [
      'kibana.alert.ancestors',
      [
        { id: 'e1', type: 'event', index: 'logs-a', depth: 0 },
        { id: blockIds[0], type: 'signal', index: '', depth: 1, rule: rule.id },
        { id: 'e2', type: 'event', index: 'logs-b', depth: 0 },
        { id: blockIds[1], type: 'signal', index: '', depth: 1, rule: rule.id },
      ],
    ],
    // Kibana takes original_time from the first building block's @timestamp: the alert time.
    ['kibana.alert.original_time', NOW_ISO],
    ['kibana.alert.reason', 'event on ws-01 created medium alert Suspicious Child.'],
    ['kibana.alert.severity', 'medium'],
    ['event.kind', 'signal'],
    ['host', { name: 'ws-01' }],
    ['tags', ['y']],
    ['kibana.alert.original_event.kind', 'event'],
    // Differing arrays intersect to [] and stay (lodash intersection).
    ['kibana.alert.original_event.category', []],
    ['event', { category: [] }],
    ['loupe', { sources: [{ file: 'f.ndjson', line: 1 }, { file: 'f.ndjson', line: 9 }] }],
  ])('shell %s', (field, expected) => {
    expect(result.shell[field]).toEqual(expected);
  });

  it.each(['kibana.alert.building_block_type', 'kibana.alert.group.index', 'process', 'source'])('shell has no %s', (field) => {
    expect(Object.prototype.hasOwnProperty.call(result.shell, field)).toBe(false);
  });

  it('does not apply severity mappings to building blocks or the shell', () => {
    const mapped = prepareRule(makeRule({ type: 'eql', severity_mapping: [{ field: 'host.name', operator: 'equals', value: 'ws-01', severity: 'critical' }] }), { now: NOW });
    const alerts = buildSequenceAlerts(mapped, [first, second])!;
    expect([alerts.shell, ...alerts.buildingBlocks].map((alert) => alert['kibana.alert.severity'])).toEqual(['high', 'high', 'high']);
  });

  it('gives the same ids without the placeholder (placeholders are not part of the ids)', () => {
    const without = buildSequenceAlerts(prepared, [first, second])!;
    expect(without.shell['kibana.alert.uuid']).toBe(shellId);
  });

  it('is deterministic', () => {
    const again = buildSequenceAlerts(prepareRule(rule, { now: NOW }), [first, null, second])!;
    expect(formatNdjson([again.shell, ...again.buildingBlocks])).toBe(formatNdjson([result.shell, ...result.buildingBlocks]));
  });

  it('writes nothing for an empty sequence or one holding this rule’s own alert', () => {
    expect(buildSequenceAlerts(prepared, [null, null])).toBeUndefined();
    const own = makeEvent(`{"kibana.alert.uuid":"a","kibana.alert.rule.uuid":"${rule.id}"}`);
    expect(buildSequenceAlerts(prepared, [first, own])).toBeUndefined();
  });
});
