import { describe, expect, it } from 'vitest';
import { StateFormatError } from '../../../src/engine/state/errors.ts';
import { fromExport, parseStateText, serializeState, toExport, validateBatch } from '../../../src/engine/state/export-format.ts';
import { LIMITS } from '../../../src/engine/state/limits.ts';
import { applyCommit, emptyState } from '../../../src/engine/state/model.ts';
import { hostileDocuments, validDocument } from './state-fixtures.ts';

describe('state document', () => {
  it('round-trips: fromExport(toExport(x)) exports the same document and the same bytes', () => {
    const data = fromExport(validDocument());
    expect(toExport(data)).toEqual(validDocument());
    expect(serializeState(parseStateText(serializeState(data)))).toBe(serializeState(data));
  });

  it('sorts rules, terms and scans so equal states serialize to equal bytes', () => {
    const one = applyCommit(applyCommit(emptyState(), batch('s1', 'rule-b', '["x"]')), batch('s2', 'rule-a', '["y"]'));
    const other = applyCommit(applyCommit(emptyState(), batch('s2', 'rule-a', '["y"]')), batch('s1', 'rule-b', '["x"]'));
    expect(serializeState(one)).toBe(serializeState(other));
    expect(Object.keys(toExport(one).rules)).toEqual(['rule-a', 'rule-b']);
  });

  it('normalizes valid but non-canonical runs (unsorted, overlapping, within the window)', () => {
    const document = validDocument();
    document.rules['rule-3'] = { fields: ['a'], window: 5, terms: { '["x"]': [[50, 60], [0, 10], [5, 20], [30, 40]] } };
    const runs = fromExport(document).rules.get('rule-3')?.terms.get('["x"]');
    expect(runs).toEqual([[0, 20], [30, 40], [50, 60]]);
  });

  it.each(hostileDocuments())('rejects $name', ({ document, message }) => {
    const attempt = () => fromExport(document, 'state.json');
    expect(attempt).toThrow(StateFormatError);
    expect(attempt).toThrow(message);
  });

  it('rejects text that is not JSON, naming the source', () => {
    expect(() => parseStateText('{"format": "loupe-new-terms-state", ', 'state.json')).toThrow(/invalid new-terms state in state\.json: not JSON/);
  });

  it('keeps a __proto__ rule id from JSON text as data and rejects it', () => {
    const text = '{"format":"loupe-new-terms-state","version":1,"rules":{"__proto__":{"fields":["a"],"window":1,"terms":{}}},"scans":{}}';
    expect(() => parseStateText(text)).toThrow('rule id "__proto__" is a reserved name');
    expect(({} as Record<string, unknown>).fields).toBeUndefined();
  });

  it('shortens huge keys in messages', () => {
    const document = validDocument();
    (document.rules as Record<string, unknown>)['x'.repeat(5_000)] = { fields: ['a'], window: 1, terms: {} };
    let message = '';
    try {
      fromExport(document);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`is 5000 characters long (at most ${LIMITS.maxIdLength})`);
    expect(message.length).toBeLessThan(300);
  });
});

describe('validateBatch', () => {
  it.each<[string, Parameters<typeof validateBatch>[0], string]>([
    ['an empty scan id', { scanId: '', rules: [] }, 'scan id must be a non-empty string'],
    ['a negative part', { scanId: 's', part: -1, rules: [] }, 'batch number must be an integer'],
    ['a rule twice', { scanId: 's', rules: [rule('r', '["a"]'), rule('r', '["b"]')] }, 'appears twice in one batch'],
    ['a key of the wrong arity', { scanId: 's', rules: [{ ...rule('r', '["a","b"]') }] }, 'canonical JSON array of 1 string value(s)'],
    ['a NaN time', { scanId: 's', rules: [{ ...rule('r', '["a"]'), terms: new Map([['["a"]', [[Number.NaN, 1]]]]) }] }, 'expected a time in epoch milliseconds'],
    ['a zero window', { scanId: 's', rules: [{ ...rule('r', '["a"]'), window: 0 }] }, 'window must be a positive number'],
    ['four fields', { scanId: 's', rules: [{ ...rule('r', '["a"]'), fields: ['a', 'b', 'c', 'd'] }] }, 'expected 1 to 3 field names'],
  ])('rejects %s', (_name, value, message) => {
    expect(() => validateBatch(value)).toThrow(message);
  });
});

function rule(ruleId: string, key: string) {
  return { ruleId, fields: ['process.name'], window: 100, terms: new Map([[key, [[1, 2]] as const]]) };
}

function batch(scanId: string, ruleId: string, key: string) {
  return { scanId, rules: [rule(ruleId, key)] };
}
