import { describe, expect, it } from 'vitest';
import { loadJsonRules } from '../../../src/engine/rules/json.ts';
import { loadRuleTexts, releaseRuleTexts } from '../../../src/engine/rules/load.ts';
import { checkRule } from '../../../src/engine/rules/check.ts';
import { loadNdjsonRules } from '../../../src/engine/rules/ndjson.ts';
import { positionInFile } from '../../../src/engine/rules/string-location.ts';

const rule = (fields: Record<string, unknown>) =>
  JSON.stringify({ rule_id: 'r1', name: 'Rule one', description: 'd', type: 'query', language: 'kuery', query: 'a:b', severity: 'low', risk_score: 21, ...fields });

const EXCEPTION_LIST = JSON.stringify({ list_id: 'my-list', type: 'detection', namespace_type: 'single', name: 'My list', id: 'x' });
const EXCEPTION_ITEM = JSON.stringify({
  item_id: 'item-1',
  list_id: 'my-list',
  namespace_type: 'single',
  type: 'simple',
  entries: [{ field: 'process.name', operator: 'included', type: 'match', value: 'kcc' }],
});
const CONNECTOR = JSON.stringify({ id: 'c1', type: 'action', attributes: { name: 'Slack' } });
const SUMMARY = JSON.stringify({ exported_count: 4, exported_rules_count: 2, missing_rules: [], exported_exception_list_count: 1 });
const REF = { id: 'x', list_id: 'my-list', type: 'detection', namespace_type: 'single' };

describe('loadNdjsonRules', () => {
  const text = [
    rule({ exceptions_list: [REF] }),
    rule({ rule_id: 'r2', name: 'Rule two', exceptions_list: [{ ...REF, list_id: 'endpoint_list', namespace_type: 'agnostic' }] }),
    EXCEPTION_LIST,
    EXCEPTION_ITEM,
    CONNECTOR,
    SUMMARY,
    '',
  ].join('\n');

  it('sorts an export into rules, exception lists, skipped objects and the summary line', () => {
    const loaded = loadNdjsonRules(text, 'export.ndjson');
    expect(loaded.entries.map((entry) => entry.rule.rule_id)).toEqual(['r1', 'r2']);
    expect(loaded.exceptionLists.map((list) => list.list_id)).toEqual(['my-list']);
    expect(loaded.exceptionItems.map((item) => item.item_id)).toEqual(['item-1']);
    expect(loaded.skippedLines).toEqual([5]);
    expect(loaded.exportSummary).toMatchObject({ exported_count: 4, exported_rules_count: 2 });
    expect(loaded.entries.every((entry) => entry.issues.length === 0)).toBe(true);
  });

  it('attaches exception lists with their items to the rules that reference them', () => {
    const { entries } = loadRuleTexts([{ file: 'export.ndjson', text }]);
    const [first, second] = entries;
    expect(first!.exceptionLists.map((list) => list.list_id)).toEqual(['my-list']);
    expect(first!.exceptionLists[0]!.items[0]!.entries).toEqual([{ field: 'process.name', operator: 'included', type: 'match', value: 'kcc' }]);
    expect(first!.missingExceptionLists).toEqual([]);
    expect(second!.exceptionLists).toEqual([]);
    expect(second!.missingExceptionLists.map((ref) => ref.list_id)).toEqual(['endpoint_list']);
  });

  it('links lists and rules that come from different files', () => {
    const { entries } = loadRuleTexts([
      { file: 'rules.ndjson', text: rule({ exceptions_list: [REF] }) },
      { file: 'lists.ndjson', text: `${EXCEPTION_LIST}\n${EXCEPTION_ITEM}\n` },
    ]);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.exceptionLists[0]!.items).toHaveLength(1);
  });

  it('reports a broken line at its line and column and still loads the others', () => {
    const loaded = loadNdjsonRules(`${rule({})}\n{"rule_id": "r2",, "name": "x"}\n${rule({ rule_id: 'r3' })}\n`, 'f.ndjson');
    expect(loaded.entries.map((entry) => entry.rule.rule_id)).toEqual(['r1', undefined, 'r3']);
    const [issue] = loaded.entries[1]!.issues;
    expect(issue).toMatchObject({ line: 2, column: 18 });
    expect(issue!.message).toMatch(/^invalid JSON: /);
  });

  it.each([
    ['an array line', '[1, 2]', /expected a JSON object/],
    ['an item without entries', '{"item_id": "i", "list_id": "l"}', /must have an array of entries/],
    ['a list without a type', '{"list_id": "l"}', /has no type/],
  ])('reports %s as a problem on that line', (_label, line, message) => {
    const loaded = loadNdjsonRules(`${rule({})}\n${line}\n`, 'f.ndjson');
    expect(loaded.entries[1]!.issues[0]).toMatchObject({ line: 2, column: 1, message: expect.stringMatching(message) });
  });

  it('points field problems and query offsets at the right line and column', () => {
    const queryLine = rule({ query: 'a:"x\\ty" and\nb:c', risk_score: 'high' });
    const { entries } = loadNdjsonRules(`${rule({})}\n  ${queryLine}\n`, 'f.ndjson');
    const entry = entries[1]!;
    expect(entry.source.start).toEqual({ line: 2, column: 3 });
    const riskColumn = queryLine.indexOf('"risk_score":') + '"risk_score":'.length + 3;
    expect(entry.issues).toEqual([{ message: 'risk_score must be a number', line: 2, column: riskColumn }]);
    const query = entry.rule.query!;
    const rawQueryStart = queryLine.indexOf('"query":"') + '"query":"'.length + 3;
    // b comes after the JSON escapes \\t (1 char for 2) and \\n (1 for 2), and the escaped quotes.
    const expectedColumn = rawQueryStart + JSON.stringify(query).slice(1).indexOf('b:c');
    expect(positionInFile(entry.source.query!, query.indexOf('b:c'))).toEqual({ line: 2, column: expectedColumn });
  });
});

describe('loadJsonRules', () => {
  it('loads a single rule object', () => {
    const loaded = loadJsonRules(JSON.stringify(JSON.parse(rule({})), null, 2), 'rule.json');
    expect(loaded.entries.map((entry) => entry.rule.name)).toEqual(['Rule one']);
    expect(loaded.entries[0]!.source.fields.query).toEqual({ line: 7, column: 12 });
  });

  it('loads an array of rules and finds each one', () => {
    const text = `[\n  ${rule({})},\n  ${rule({ rule_id: 'r2' })}\n]\n`;
    const loaded = loadJsonRules(text, 'rules.json');
    expect(loaded.entries.map((entry) => [entry.rule.rule_id, entry.source.start])).toEqual([
      ['r1', { line: 2, column: 3 }],
      ['r2', { line: 3, column: 3 }],
    ]);
  });

  it('reads an NDJSON export saved with a .json name', () => {
    const loaded = loadJsonRules(`${rule({})}\n${rule({ rule_id: 'r2' })}\n${SUMMARY}\n`, 'export.json');
    expect(loaded.entries).toHaveLength(2);
    expect(loaded.exportSummary).toBeDefined();
  });

  it('reports invalid JSON at its position', () => {
    const loaded = loadJsonRules('{\n  "name": "x",\n  oops\n}', 'bad.json');
    expect(loaded.entries[0]!.issues[0]).toMatchObject({ line: 3, column: 3, message: expect.stringMatching(/^invalid JSON/) });
  });
});

describe('loadRuleTexts', () => {
  it('marks a rule_id defined twice as an error on the second copy', () => {
    const { entries } = loadRuleTexts([
      { file: 'a.ndjson', text: rule({}) },
      { file: 'b.ndjson', text: `\n${rule({})}` },
    ]);
    expect(entries[0]!.issues).toEqual([]);
    expect(entries[1]!.issues[0]!.message).toBe('duplicate rule_id r1 (first defined at a.ndjson:1)');
    expect(entries[1]!.issues[0]!.line).toBe(2);
    expect([entries[0]!.duplicateOf, entries[1]!.duplicateOf]).toEqual([undefined, 'a.ndjson:1']);
  });

  it('lets go of the files\' texts: positions found before stay, later ones point at the rule\'s first line', () => {
    const text = `${rule({ rule_id: 'a' })}\n  ${rule({ rule_id: 'b', query: 'a:(' })}\n${rule({ rule_id: 'c', query: 'a:(' })}\n`;
    const loaded = loadRuleTexts([{ file: 'r.ndjson', text }, { file: 'other.json', text: `\n  ${rule({ rule_id: 'd', query: 'a:(' })}` }]);
    const [, b, c, d] = loaded.entries;
    const queryColumn = (line: string) => line.indexOf('"query"') + '"query": '.length - 1;
    const before = checkRule(b!).errors[0]!;
    expect(before).toMatchObject({ line: 2, column: expect.any(Number) });
    expect(before.column).toBeGreaterThan(queryColumn(text.split('\n')[1]!));
    releaseRuleTexts(loaded);
    // Located before the release: unchanged.
    expect(checkRule(b!).errors[0]).toEqual(before);
    // Not located yet: the rule's first line, in NDJSON and JSON files alike.
    expect(checkRule(c!).errors[0]).toMatchObject({ line: 3, column: 1 });
    expect(checkRule(d!).errors[0]).toMatchObject({ line: 2, column: 3 });
    expect(c!.source.fields).toEqual({});
    expect(c!.rule.query).toBe('a:(');
  });

  it('refuses a file of another type', () => {
    expect(() => loadRuleTexts([{ file: 'notes.txt', text: '' }])).toThrow(/not a rule file/);
  });
});
