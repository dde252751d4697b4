import { describe, expect, it } from 'vitest';
import { QuerySyntaxError } from '../../../src/engine/errors.ts';
import type { LuceneNode } from '../../../src/engine/lucene/ast.ts';
import { parseLucene } from '../../../src/engine/lucene/parser.ts';
import { printLucene } from '../../../src/engine/lucene/printer.ts';
import { withoutOffsets } from '../kql/notation.ts';

const term = (field: string | null, text: string, quoted = false): LuceneNode => ({ type: 'term', field, text, quoted });
const bool = (...clauses: [occur: 'must' | 'should' | 'must_not', query: LuceneNode][]): LuceneNode => ({
  type: 'bool',
  clauses: clauses.map(([occur, query]) => ({ occur, query })),
});

describe('Lucene query_string parsing (classic parser + ES extensions)', () => {
  it.each<[string, string, LuceneNode]>([
    ['field:value', 'a:b', term('a', 'b')],
    ['quoted phrase', 'a:"b c"', term('a', 'b c', true)],
    ['lowercase `or` is a term: the run is analysed as one text', 'f:(start or stop)', term('f', 'start or stop')],
    ['bare terms in a row are one text', 'foo bar', term(null, 'foo bar')],
    ['fielded terms stay separate', 'a:x b:y', bool(['should', term('a', 'x')], ['should', term('b', 'y')])],
    ['OR', 'a:x OR b:y', bool(['should', term('a', 'x')], ['should', term('b', 'y')])],
    ['|| and &&', 'a:x || b:y && c:z', bool(['should', term('a', 'x')], ['must', term('b', 'y')], ['must', term('c', 'z')])],
    ['AND makes the previous clause required', 'a:x AND b:y', bool(['must', term('a', 'x')], ['must', term('b', 'y')])],
    ['addClause, not precedence', 'a:x AND b:y OR c:z', bool(['must', term('a', 'x')], ['must', term('b', 'y')], ['should', term('c', 'z')])],
    ['NOT / ! / -', 'a:x AND NOT b:y !c:z -d:w', bool(['must', term('a', 'x')], ['must_not', term('b', 'y')], ['must_not', term('c', 'z')], ['must_not', term('d', 'w')])],
    ['+ required', '+a:x b:y', bool(['must', term('a', 'x')], ['should', term('b', 'y')])],
    ['lone negation stays a bool', '-a:x', bool(['must_not', term('a', 'x')])],
    ['field applies to a group', 'f:(a OR b)', bool(['should', term('f', 'a')], ['should', term('f', 'b')])],
    ['+ inside a term', 'f:g+s', term('f', 'g+s')],
    ['escapes', 'f:a\\:b\\ c', term('f', 'a:b c')],
    ['\\u escapes', 'f:\\u0041', term('f', 'A')],
    ['wildcards', 'f:a*b?', { type: 'wildcard', field: 'f', segments: [{ literal: 'a' }, 'any', { literal: 'b' }, 'one'] }],
    ['prefix', 'f:ab*', { type: 'wildcard', field: 'f', segments: [{ literal: 'ab' }, 'any'] }],
    ['escaped star is literal', 'f:a\\*b*', { type: 'wildcard', field: 'f', segments: [{ literal: 'a*b' }, 'any'] }],
    ['regex', 'f:/2[0-9]{3}/', { type: 'regex', field: 'f', pattern: '2[0-9]{3}' }],
    ['inclusive range', 'f:[1 TO 5]', { type: 'range', field: 'f', lower: '1', upper: '5', includeLower: true, includeUpper: true }],
    ['mixed open range', 'f:{a TO *]', { type: 'range', field: 'f', lower: 'a', upper: null, includeLower: false, includeUpper: true }],
    ['quoted range bounds', 'f:["a b" TO "c"}', { type: 'range', field: 'f', lower: 'a b', upper: 'c', includeLower: true, includeUpper: false }],
    ['>= range', 'f:>=10', { type: 'range', field: 'f', lower: '10', upper: null, includeLower: true, includeUpper: true }],
    ['< range', 'f:<10', { type: 'range', field: 'f', lower: null, upper: '10', includeLower: true, includeUpper: false }],
    ['_exists_', '_exists_:a.b', { type: 'exists', field: 'a.b' }],
    ['f:* is exists', 'f:*', { type: 'exists', field: 'f' }],
    ['*:* matches all', '*:*', { type: 'match_all' }],
    ['empty query matches all', '   ', { type: 'match_all' }],
    ['escaped star in a field name is a field pattern', 'process.\\*:x', term('process.*', 'x')],
    ['boosts are dropped', 'a:x^2 b:"y"^3', bool(['should', term('a', 'x')], ['should', term('b', 'y', true)])],
  ])('%s: %s', (_title, query, expected) => {
    const ast = parseLucene(query);
    expect(withoutOffsets(ast)).toEqual(expected);
    expect(withoutOffsets(parseLucene(printLucene(ast)))).toEqual(expected);
  });

  it('parses the corpus Lucene rule as Lucene does', () => {
    const ast = parseLucene(
      'event.category:process AND event.type:(start or process_started) AND process.name:chmod AND process.args:(g+s OR /2[0-9]{3}/) AND NOT user.name:root',
    );
    expect(withoutOffsets(ast)).toEqual(
      bool(
        ['must', term('event.category', 'process')],
        ['must', term('event.type', 'start or process_started')],
        ['must', term('process.name', 'chmod')],
        ['must', bool(['should', term('process.args', 'g+s')], ['should', { type: 'regex', field: 'process.args', pattern: '2[0-9]{3}' }])],
        ['must_not', term('user.name', 'root')],
      ),
    );
  });

  it.each([
    ['a:b~2', 'fuzzy and proximity'],
    ['a:"b c"~2', 'fuzzy and proximity'],
    ['a:(b', "')'"],
    ['a:[1 TO 5', "']' or '}'"],
    ['a:[1 TO', 'a range bound'],
    ['a:[1 5]', "'TO'"],
    ['a:b)', 'the end of the query'],
    ['a:/[/', 'invalid regular expression'],
    ['a:b\\', 'unexpected character'],
    ['process.*:x', "found ':'"],
  ])('rejects %s', (query, message) => {
    expect(() => parseLucene(query)).toThrow(QuerySyntaxError);
    expect(() => parseLucene(query)).toThrow(message);
  });

  it('bounds nesting instead of overflowing the stack', () => {
    expect(() => parseLucene(`${'('.repeat(10_000)}a${')'.repeat(10_000)}`)).toThrow(/nests more than/);
  });
});
