import { describe, expect, it } from 'vitest';
import { QuerySyntaxError } from '../../../src/engine/errors.ts';
import { tokenize } from '../../../src/engine/eql/lexer.ts';

const kindsAndValues = (text: string): string[] =>
  tokenize(text)
    .filter((token) => token.kind !== 'eof')
    .map((token) => `${token.kind}:${token.value}`);

describe('EQL lexer', () => {
  it.each<[string, string[]]>([
    ['process where true', ['ident:process', 'ident:where', 'ident:true']],
    ['@timestamp', ['ident:@timestamp']],
    ['_a1.b_2', ['ident:_a1', 'punct:.', 'ident:b_2']],
    ['AND and', ['ident:AND', 'ident:and']],
    ['in~ like~ regex~ startsWith~(', ['ident:in~', 'ident:like~', 'ident:regex~', 'ident:startsWith~', 'punct:(']],
    ['== != <= >= < > : = + - * / % , [ ] ( ) | ?', ['punct:==', 'punct:!=', 'punct:<=', 'punct:>=', 'punct:<', 'punct:>', 'punct::', 'punct:=', 'punct:+', 'punct:-', 'punct:*', 'punct:/', 'punct:%', 'punct:,', 'punct:[', 'punct:]', 'punct:(', 'punct:)', 'punct:|', 'punct:?']],
    ['![a', ['punct:![', 'ident:a']],
    ['12 1.5 1. .5 1e3 2E-2 3.5e+1', ['integer:12', 'decimal:1.5', 'decimal:1.', 'decimal:.5', 'decimal:1e3', 'decimal:2E-2', 'decimal:3.5e+1']],
    ['5m', ['integer:5', 'ident:m']],
    ['"a\\n\\r\\t\\"\\\\b"', ['string:a\n\r\t"\\b']],
    ['"\\b\\f\\\'"', ["string:\b\f'"]],
    ['"\\u{41}\\u{1F600}\\u{0000e9}"', ['string:A😀é']],
    ['"""C:\\Windows\\*"""', ['string:C:\\Windows\\*']],
    ['"""a "quoted" b"""', ['string:a "quoted" b']],
    ['"""ends with quote""""', ['string:ends with quote"']],
    ['"""two quotes"""""', ['string:two quotes""']],
    ['""', ['string:']],
    ['""""""', ['string:']],
    ['`a-b`.`c``d`', ['quoted:a-b', 'punct:.', 'quoted:c`d']],
    ['a // comment\n b', ['ident:a', 'ident:b']],
    ['a /* one /* nested */ still comment */ b', ['ident:a', 'ident:b']],
    ['a\t\r\n b', ['ident:a', 'ident:b']],
  ])('tokenizes %j', (text, expected) => {
    expect(kindsAndValues(text)).toEqual(expected);
  });

  it('records token offsets', () => {
    const [first, second, eof] = tokenize('ab  "c"');
    expect([first?.start, first?.end, second?.start, second?.end, eof?.kind, eof?.start]).toEqual([0, 2, 4, 7, 'eof', 7]);
  });

  it.each<[string, string, string]>([
    ["a == 'x'", 'single-quoted strings are not supported by Elasticsearch EQL; use double quotes', '1:6'],
    ['?"x"', '?"..." raw strings are not supported by Elasticsearch EQL; use """...""" instead', '1:1'],
    ['"abc', 'unterminated string: \'"\' has no closing \'"\'', '1:1'],
    ['"a\nb"', 'line break inside a string; write \\n (or \\r) instead, or close the string', '1:3'],
    ['x\n"""abc', 'unterminated string: \'"""\' has no closing \'"""\'', '2:1'],
    ['"""a\nb"""', 'line break inside a """ string; Elasticsearch raw strings must stay on one line', '1:5'],
    ['"a\\qb"', 'invalid escape \'\\q\' in string; valid escapes are \\n \\r \\t \\" \\\\ and \\u{XX}, or use a """raw""" string where backslashes are literal', '1:3'],
    ['"\\u{1}"', 'invalid unicode escape; write \\u{XX} with 2 to 8 hex digits, e.g. \\u{7F} or \\u{1F600}', '1:2'],
    ['"\\u{123456789}"', 'invalid unicode escape; write \\u{XX} with 2 to 8 hex digits, e.g. \\u{7F} or \\u{1F600}', '1:2'],
    ['"\\u41"', 'invalid unicode escape; write \\u{XX} with 2 to 8 hex digits, e.g. \\u{7F} or \\u{1F600}', '1:2'],
    ['"\\u{110000}"', 'invalid unicode escape: U+110000 is beyond U+10FFFF', '1:2'],
    ['`abc', "unterminated field name: '`' has no closing '`'", '1:1'],
    ['a.``', 'empty field name: `` needs at least one character between the back-quotes', '1:3'],
    ['a /* b', "unterminated comment: '/*' has no closing '*/'", '1:3'],
    ['a /* /* b */', "unterminated comment: '/*' has no closing '*/'", '1:3'],
    ['a && b', "'&&' is not an operator; use 'and'", '1:3'],
    ['a || b', "'||' is not an operator; use 'or'", '1:3'],
    ['!a', "'!' is not an operator; use 'not' (or '!=' for inequality)", '1:1'],
    ['a\n  # b', "unexpected character '#' (U+0023)", '2:3'],
    ['a\u00a0b', "unexpected character '\u00a0' (U+00A0)", '1:2'],
    ['a ~ b', "unexpected character '~' (U+007E)", '1:3'],
    // ES attaches '~' only to words that start with a letter.
    ['_x~(', "unexpected character '~' (U+007E)", '1:3'],
  ])('rejects %j', (text, reason, position) => {
    let error: unknown;
    try {
      tokenize(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(QuerySyntaxError);
    expect((error as QuerySyntaxError).message).toBe(`${reason} at ${position}`);
  });
});
