import { describe, expect, it } from 'vitest';
import { ruleFromRecord, ruleToRecord } from '../../../src/engine/rules/fields.ts';

describe('rule records with hostile keys', () => {
  it('keeps a __proto__ key as plain passthrough data and exports it again', () => {
    const record = JSON.parse('{"rule_id":"r1","name":"n","__proto__":{"polluted":true},"constructor":"c"}') as Record<string, unknown>;
    const { rule } = ruleFromRecord(record);
    expect(Object.getPrototypeOf(rule.passthrough)).toBe(Object.prototype);
    expect(Object.keys(rule.passthrough)).toEqual(['__proto__', 'constructor']);
    expect(JSON.stringify(ruleToRecord(rule))).toBe(JSON.stringify(record));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
