import { describe, expect, it } from 'vitest';
import { checkRule } from '../../../src/engine/rules/check.ts';
import { loadNdjsonRules } from '../../../src/engine/rules/ndjson.ts';
import { loadTomlRules } from '../../../src/engine/rules/toml.ts';

const BASE = { rule_id: 'r', name: 'n', description: 'd', severity: 'low', risk_score: 21, type: 'query', language: 'kuery' };
const checkLine = (fields: Record<string, unknown>, prefix = '') => {
  const line = JSON.stringify({ ...BASE, ...fields });
  const [entry] = loadNdjsonRules(`${prefix}${line}\n`, 'f.ndjson').entries;
  return { line, check: checkRule(entry!) };
};

describe('checkRule', () => {
  it('returns the compiled query of a valid rule', () => {
    const { check } = checkLine({ query: 'process.name:kcc' });
    expect(check.status).toBe('ok');
    expect(check.compiled && 'filter' in check.compiled && check.compiled.filter.matches({ process: { name: 'kcc' } })).toBe(true);
  });

  it('maps a query error inside an NDJSON line through its JSON escapes', () => {
    const query = 'process.args:"C:\\\\Windows" and\n(a:b or';
    const { line, check } = checkLine({ query }, '\n');
    expect(check.status).toBe('error');
    const [error] = check.errors;
    // The error is at the end of the query: the closing quote of the JSON string, on file line 2.
    expect({ line: error!.line, column: error!.column }).toEqual({ line: 2, column: line.indexOf('or"') + 3 });
    expect(error!.query).toMatchObject({ line: 2, offset: query.length });
    expect(error!.message).toMatch(/ \(query 2:\d+\)$/);
  });

  it('points a threat_query error at the threat_query field', () => {
    const { line, check } = checkLine({ type: 'threat_match', query: 'a:b', threat_query: 'c:(d' });
    expect(check.errors.map((error) => [error.line, error.column])).toEqual([[1, line.indexOf('"threat_query":') + '"threat_query":'.length + 1]]);
  });

  it('maps a query error inside a TOML multi-line basic string with a line-ending backslash', () => {
    const text = `[rule]\nname = "n"\ndescription = "d"\nrule_id = "r"\nseverity = "low"\nrisk_score = 1\ntype = "eql"\nquery = """\nprocess where \\\n      process.name ==\n"""\n`;
    const check = checkRule(loadTomlRules(text, 'f.toml').entries[0]!);
    expect(check.status).toBe('error');
    expect(check.errors[0]).toMatchObject({ line: 11, column: 1 });
  });

  it('reports only the load problem of text that is not a rule', () => {
    const check = checkRule(loadTomlRules('[rule\n', 'f.toml').entries[0]!);
    expect(check.errors).toHaveLength(1);
    expect(check.errors[0]!.message).toMatch(/^invalid TOML/);
  });

  it('fails on schema problems even when the query compiles', () => {
    const { check } = checkLine({ query: 'a:b', severity: 'urgent' });
    expect(check.status).toBe('error');
    expect(check.errors.map((error) => error.message)).toEqual(['severity must be one of low, medium, high, critical']);
  });
});
