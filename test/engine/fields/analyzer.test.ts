import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyzeText } from '../../../src/engine/fields/analyzer.ts';

describe('analyzeText', () => {
  it.each<[string, string[]]>([
    ['python3.11', ['python3.11']],
    ["don't", ["don't"]],
    ['don’t', ['don’t']],
    ['/usr/bin/python3', ['usr', 'bin', 'python3']],
    ['C:\\Windows\\cmd.exe', ['c', 'windows', 'cmd.exe']],
    ['powershell.exe -EncodedCommand SQBFAFgA', ['powershell.exe', 'encodedcommand', 'sqbfafga']],
    ['foo_bar baz-qux', ['foo_bar', 'baz', 'qux']],
    ['1,000.5 3.14', ['1,000.5', '3.14']],
    ['10.0.0.1', ['10.0.0.1']],
    ['v1.2.3-beta', ['v1.2.3', 'beta']],
    ['a.1 1.a', ['a', '1', '1', 'a']],
    ['U.S.A.', ['u.s.a']],
    ['x@y.com', ['x', 'y.com']],
    ['http://evil.com/a?b=c', ['http', 'evil.com', 'a', 'b', 'c']],
    ['12:30', ['12', '30']],
    ['x:y', ['x:y']],
    ['MiXeD CaSe', ['mixed', 'case']],
    ['über CAFÉ', ['über', 'café']],
    ['ΟΔΟΣ', ['οδοσ']],
    ['İstanbul', ['istanbul']],
    ['中文字符', ['中', '文', '字', '符']],
    ['ひらがな', ['ひ', 'ら', 'が', 'な']],
    ['カタカナ', ['カタカナ']],
    ['한국어 단어', ['한국어', '단어']],
    ['ภาษาไทยง่าย', ['ภาษาไทยง่าย']],
    ['hi 😀 👍🏽', ['hi', '😀', '👍🏽']],
    ['--- ... !!!', []],
    ['', []],
  ])('%j → %j', (text, expected) => {
    expect(analyzeText(text)).toEqual(expected);
  });

  it('splits tokens longer than 255 characters', () => {
    expect(analyzeText('a'.repeat(600)).map((token) => token.length)).toEqual([255, 255, 90]);
  });

  it('produces lower-case tokens that are substrings of the lower-cased text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 60 }), (text) => {
        for (const token of analyzeText(text)) {
          expect(token).toBe(token.toLowerCase());
          expect(text.toLowerCase()).toContain(token);
          expect(token).not.toMatch(/\s/);
        }
      }),
    );
  });
});
