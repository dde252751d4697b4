import { describe, expect, it } from 'vitest';
import { buildEventAlert, buildThresholdAlert, prepareRule, type AlertDocument } from '../../../src/engine/alerts/index.ts';
import { loadNdjsonRules } from '../../../src/engine/rules/ndjson.ts';
import { makeEvent, NOW, PROCESS_EVENT } from './fixtures.ts';
import { readShared, skipWithoutShared } from '../../support/shared-data.ts';

const CORPUS = 'corpus/detection-rules.ndjson';
const TYPE_IDS: Record<string, string> = {
  query: 'siem.queryRule',
  saved_query: 'siem.savedQueryRule',
  eql: 'siem.eqlRule',
  new_terms: 'siem.newTermsRule',
  threshold: 'siem.thresholdRule',
};

// Every public Elastic rule Loupe runs must yield a well-formed alert carrying its own metadata.
describe('alerts for every corpus rule', () => {
  it('builds a JSON-round-tripping alert with the rule’s identity and params', (context) => {
    skipWithoutShared(context, CORPUS);
    const { entries } = loadNdjsonRules(readShared(CORPUS), 'detection-rules.ndjson');
    let built = 0;
    let skipped = 0;
    for (const { rule } of entries) {
      if (rule.type === undefined || !(rule.type in TYPE_IDS)) {
        skipped++;
        continue;
      }
      const prepared = prepareRule(rule, { now: NOW });
      const alert: AlertDocument | undefined =
        rule.type === 'threshold'
          ? buildThresholdAlert(prepared, { terms: [], count: rule.threshold?.value ?? 1, firstTime: NOW - 1000, lastTime: NOW })
          : buildEventAlert(prepared, makeEvent(PROCESS_EVENT));
      expect(alert).toBeDefined();
      expect(JSON.parse(JSON.stringify(alert))).toEqual(alert);
      expect(alert!['kibana.alert.rule.rule_id']).toBe(rule.rule_id);
      expect(alert!['kibana.alert.rule.rule_type_id']).toBe(TYPE_IDS[rule.type]);
      expect((alert!['kibana.alert.rule.parameters'] as Record<string, unknown>)['rule_id']).toBe(rule.rule_id);
      expect(alert!['kibana.alert.severity']).toBe(rule.severity);
      built++;
    }
    console.log(`alerts corpus: ${built} rules built an alert, ${skipped} of other types skipped`);
    expect(built).toBeGreaterThan(1000);
  });
});
