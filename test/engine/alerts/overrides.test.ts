import { describe, expect, it } from 'vitest';
import { riskScoreOverride, ruleNameOverride, severityOverride } from '../../../src/engine/alerts/overrides.ts';
import { parse } from './fixtures.ts';

// Expectations follow rule_types/utils/mappings/build_{severity,risk_score,rule_name}_from_mapping.ts.
describe('severityOverride', () => {
  const mapping = [
    { field: 'event.severity', operator: 'equals', value: '73', severity: 'high' },
    { field: 'event.severity', operator: 'equals', value: '99', severity: 'critical' },
    { field: 'host.name', operator: 'equals', value: 'dc-01', severity: 'medium' },
    { field: 'user.id', operator: 'equals', value: '500', severity: 'low' },
  ];
  it.each([
    ['no match keeps the rule severity', '{}', 'low'],
    ['event.severity compares as an integer', '{"event":{"severity":73}}', 'high'],
    ['event.severity as text does not match', '{"event":{"severity":"73"}}', 'low'],
    ['string field match', '{"host":{"name":"dc-01"}}', 'medium'],
    ['numbers match their text', '{"user":{"id":500}}', 'low'],
    ['highest severity wins', '{"host":{"name":"dc-01"},"event":{"severity":99}}', 'critical'],
    ['any array element matches', '{"host":{"name":["x","dc-01"]}}', 'medium'],
  ])('%s', (_label, json, expected) => {
    expect(severityOverride(parse(json), 'low', mapping)).toBe(expected);
  });
});

describe('riskScoreOverride', () => {
  const mapping = [{ field: 'event.risk_score', operator: 'equals', value: '' }];
  it.each([
    ['number in range', '{"event":{"risk_score":88}}', 88],
    ['numeric text', '{"event":{"risk_score":"42.5"}}', 42.5],
    ['out of range keeps the default', '{"event":{"risk_score":101}}', 21],
    ['largest valid array element', '{"event":{"risk_score":[5,200,60]}}', 60],
    ['missing keeps the default', '{}', 21],
  ])('%s', (_label, json, expected) => {
    expect(riskScoreOverride(parse(json), 21, mapping)).toBe(expected);
  });

  it('without a mapping keeps the default', () => {
    expect(riskScoreOverride(parse('{"event":{"risk_score":88}}'), 21, [])).toBe(21);
  });
});

describe('ruleNameOverride', () => {
  it.each([
    ['string value', '{"rule":{"name":"Mimikatz"}}', 'Mimikatz'],
    ['non-string keeps the name', '{"rule":{"name":["a"]}}', 'Base'],
    ['missing keeps the name', '{}', 'Base'],
  ])('%s', (_label, json, expected) => {
    expect(ruleNameOverride(parse(json), 'Base', 'rule.name')).toBe(expected);
  });
});
