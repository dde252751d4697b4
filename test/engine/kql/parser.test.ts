import { describe, expect, it } from 'vitest';
import { QuerySyntaxError } from '../../../src/engine/errors.ts';
import { compileKql } from '../../../src/engine/kql/compile.ts';
import { parseKql } from '../../../src/engine/kql/parser.ts';
import { printKql } from '../../../src/engine/kql/printer.ts';
import { toNotation, withoutOffsets } from './notation.ts';

const is = (field: string | null, value: string, quoted = false) => ({
  fn: 'is',
  field: { lit: field, quoted: false },
  value: { lit: value, quoted },
});

describe('KQL grammar quirks (faithful to Kibana)', () => {
  it.each([
    ['keywords in any case', 'a OR b And c', { fn: 'or', args: [is(null, 'a'), { fn: 'and', args: [is(null, 'b'), is(null, 'c')] }] }],
    ['`or` without surrounding whitespace is text', 'foo:a or', is('foo', 'a or')],
    ['`not` applies to one sub-query', 'not a and b', { fn: 'and', args: [{ fn: 'not', arg: is(null, 'a') }, is(null, 'b')] }],
    ['`not` without following whitespace is text', 'notable', is(null, 'notable')],
    ['escaped keywords are text', 'f:a \\or b', is('f', 'a or b')],
    ['`f:a or b` is a bare b', 'f:a or b', { fn: 'or', args: [is('f', 'a'), is(null, 'b')] }],
    ['quoted values keep keywords and stars', 'f:"a or *"', is('f', 'a or *', true)],
    ['escapes in quoted values', 'f:"a\\"b\\\\c\\td"', is('f', 'a"b\\c\td', true)],
    ['other backslashes in quotes are literal', 'f:"\\("', is('f', '\\(', true)],
    ['\\u escapes', 'f:\\u0041b', is('f', 'Ab')],
    ['trailing and leading spaces trimmed', 'f:   a b   ', is('f', 'a b')],
    ['dots and slashes need no escaping', 'source.ip:10.0.0.0/8', is('source.ip', '10.0.0.0/8')],
    ['spaces around the colon', 'f  :  v', is('f', 'v')],
    ['null field is a bare value', 'null:v', is(null, 'v')],
  ])('%s: %s', (_title, query, expected) => {
    expect(toNotation(withoutOffsets(parseKql(query)))).toEqual(expected);
  });

  it('stops an unquoted value at "not " even inside a word, as Kibana does', () => {
    expect(() => parseKql('message:cannot start')).toThrow(QuerySyntaxError);
  });
});

describe('KQL syntax errors say what was expected and where', () => {
  it.each([
    ['f:', "expected '{', '(' or a value after ':' but found the end of the query at 1:3"],
    ['a and ', "expected '(', a field name or a value but found the end of the query at 1:7"],
    ['(a or b', "')' but found the end of the query"],
    ['f:(a or b', "expected ')'"],
    ['n:{ a:1', "expected '}'"],
    ['f:"abc', `expected a closing '"'`],
    ['f:a)', "found ')'"],
    ['f > ', "expected a value after '>'"],
    ['f:>5', "after ':'"],
    ['a\nb:\n  (', 'at 3:4'],
    ['f:\\x', "found '\\'"],
  ])('%s', (query, message) => {
    expect(() => parseKql(query)).toThrow(QuerySyntaxError);
    expect(() => parseKql(query)).toThrow(message);
  });

  it('reports the offset of the problem', () => {
    try {
      parseKql('process.name:');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(QuerySyntaxError);
      expect((error as QuerySyntaxError).offset).toBe(13);
    }
  });
});

describe('hostile inputs', () => {
  it('rejects 10k nested parentheses with an error, not a stack overflow', () => {
    const deep = `${'('.repeat(10_000)}a${')'.repeat(10_000)}`;
    expect(() => parseKql(deep)).toThrow(/nests more than/);
    const deepList = `f:${'('.repeat(10_000)}a${')'.repeat(10_000)}`;
    expect(() => parseKql(deepList)).toThrow(/nests more than/);
    const unbalanced = '('.repeat(10_000);
    expect(() => parseKql(unbalanced)).toThrow(QuerySyntaxError);
  });

  it('accepts nesting up to the limit', () => {
    const ok = `${'('.repeat(200)}a:1${')'.repeat(200)}`;
    expect(compileKql(parseKql(ok)).matches({ a: 1 })).toBe(true);
  });

  it('handles long flat chains without recursion', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => `f:${i}`).join(' or ');
    const compiled = compileKql(parseKql(chain));
    expect(compiled.matches({ f: '19999' })).toBe(true);
    expect(compiled.matches({ f: '20000' })).toBe(false);
  });

  // The timeout is the hang guard for a quadratic parser; speed itself is measured in benchmarks.
  it('parses 1 MB values without hanging', () => {
    const big = 'x'.repeat(1 << 20);
    expect(compileKql(parseKql(`f:${big}`)).matches({ f: big })).toBe(true);
    expect(compileKql(parseKql(`f:"${big}"`)).matches({ f: big })).toBe(true);
    expect(compileKql(parseKql(`f:*${big}*`)).matches({ f: `a${big}b` })).toBe(true);
    expect(() => parseKql(`f:"${big}`)).toThrow(QuerySyntaxError);
  }, 30_000);

  it('treats __proto__ and constructor as plain field names', () => {
    const event = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": "c"}') as Record<string, unknown>;
    expect(compileKql(parseKql('__proto__.polluted:yes')).matches(event)).toBe(true);
    expect(compileKql(parseKql('constructor:c')).matches(event)).toBe(true);
    expect(compileKql(parseKql('polluted:yes')).matches({})).toBe(false);
    expect(compileKql(parseKql('__proto__:{ polluted:yes }')).matches(event)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('prints and re-parses keywords, braces and whitespace inside values', () => {
    const ast = { type: 'is', field: { type: 'literal', value: 'f', quoted: false }, value: { type: 'literal', value: 'a or b and not c {x}\ty', quoted: false } } as const;
    expect(withoutOffsets(parseKql(printKql(ast)))).toEqual(ast);
  });
});
