import { describe, expect, it } from 'vitest';
import { ruleFromRecord, ruleToRecord } from '../../../src/engine/rules/fields.ts';
import { loadNdjsonRules } from '../../../src/engine/rules/ndjson.ts';
import { readShared, skipWithoutShared } from '../../support/shared-data.ts';

const CORPUS = 'corpus/detection-rules.ndjson';

describe('ruleFromRecord / ruleToRecord', () => {
  it('keeps unknown keys in the passthrough', () => {
    const { rule, problems } = ruleFromRecord({ name: 'n', custom: { a: 1 }, timeline_id: null });
    expect(problems).toEqual([]);
    expect(rule.name).toBe('n');
    expect(rule.passthrough).toEqual({ custom: { a: 1 }, timeline_id: null });
  });

  it('round-trips every public Elastic rule through load and export unchanged', (context) => {
    skipWithoutShared(context, CORPUS);
    const text = readShared(CORPUS);
    const originals = text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
    const { entries } = loadNdjsonRules(text, 'corpus.ndjson');
    expect(entries).toHaveLength(originals.length);
    const changed = entries.filter((entry, index) => JSON.stringify(sortKeys(ruleToRecord(entry.rule))) !== JSON.stringify(sortKeys(originals[index])));
    expect(changed.map((entry) => entry.rule.rule_id)).toEqual([]);
    expect(entries.filter((entry) => entry.issues.length > 0).map((entry) => entry.issues)).toEqual([]);
  });
});

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
