import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, globLiterals, parseEqlWildcard, type GlobSegment } from '../../../src/engine/match/glob.ts';

const sensitive = { caseInsensitive: false };
const insensitive = { caseInsensitive: true };

function eql(pattern: string, caseInsensitive = false): (text: string) => boolean {
  return compileGlob(parseEqlWildcard(pattern), { caseInsensitive });
}

/** Reference matcher: memoised recursion over code points, straight from the definition. */
function naiveMatch(segments: readonly GlobSegment[], text: string): boolean {
  const pattern = segments.flatMap((segment): (string | 'any' | 'one')[] =>
    typeof segment === 'string' ? [segment] : [...segment.literal],
  );
  const chars = [...text];
  const memo = new Map<number, boolean>();
  const match = (p: number, t: number): boolean => {
    const key = p * (chars.length + 1) + t;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const item = pattern[p];
    let result: boolean;
    if (item === undefined) result = t === chars.length;
    else if (item === 'any') result = match(p + 1, t) || (t < chars.length && match(p, t + 1));
    else if (item === 'one') result = t < chars.length && match(p + 1, t + 1);
    else result = chars[t] === item && match(p + 1, t + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

describe('parseEqlWildcard', () => {
  it.each<[string, GlobSegment[]]>([
    ['abc', [{ literal: 'abc' }]],
    ['*.exe', ['any', { literal: '.exe' }]],
    ['a?c*', [{ literal: 'a' }, 'one', { literal: 'c' }, 'any']],
    ['C:\\Windows\\*', [{ literal: 'C:\\Windows\\' }, 'any']],
    ['\\*', [{ literal: '\\' }, 'any']],
    ['', []],
  ])('%j', (pattern, segments) => {
    expect(parseEqlWildcard(pattern)).toEqual(segments);
  });
});

describe('compileGlob (EQL patterns)', () => {
  it.each<[string, string, boolean]>([
    // pure literal
    ['cmd.exe', 'cmd.exe', true],
    ['cmd.exe', 'cmd.exe ', false],
    ['cmd.exe', 'CMD.EXE', false],
    ['', '', true],
    ['', 'a', false],
    // *lit*, lit*, *lit, lit*lit
    ['*powershell*', 'c:\\powershell.exe', true],
    ['*powershell*', 'powershel', false],
    ['cmd*', 'cmd.exe', true],
    ['cmd*', 'xcmd', false],
    ['*.exe', 'a.exe', true],
    ['*.exe', 'a.exe.txt', false],
    ['ab*ba', 'aba', false],
    ['ab*ba', 'abba', true],
    ['ab*ba', 'ab-ba', true],
    ['*', '', true],
    ['**', 'anything', true],
    // general shapes
    ['*a*b*c*', 'xxaxxbxxcxx', true],
    ['*a*b*c*', 'xxcxxbxxaxx', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'abcc', true],
    ['a*b*c', 'acb', false],
    ['*ab*ab', 'abab', true],
    ['*ab*ab', 'abxab', true],
    ['*ab*ab', 'ab', false],
    // ? is one code point
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a?c', 'abbc', false],
    ['???', 'abc', true],
    ['???', 'ab', false],
    ['a?c', 'a😀c', true],
    ['?', '😀', true],
    ['??', '😀', false],
    ['*?', '😀', true],
    ['?*?', '😀', false],
    ['*😀?', 'x😀😀', true],
    ['*?b', 'a😀b', true],
    ['?*', '', false],
    // * and ? match newlines
    ['a*b', 'a\nb', true],
    ['a?b', 'a\nb', true],
    ['*error*', 'line1\nan error\nline3', true],
    // backslash is literal
    ['C:\\Windows\\*', 'C:\\Windows\\System32\\cmd.exe', true],
    ['C:\\Windows\\*', 'C:Windows', false],
    ['a\\*', 'a\\bc', true],
    ['a\\*', 'a*', false],
    ['a\\?', 'a\\x', true],
  ])('%j against %j is %s', (pattern, text, expected) => {
    expect(eql(pattern)(text)).toBe(expected);
  });
});

describe('compileGlob case-insensitive', () => {
  it.each<[string, string, boolean]>([
    ['CMD.exe', 'cmd.EXE', true],
    ['*PowerShell*', 'C:\\WINDOWS\\POWERSHELL.EXE', true],
    ['*.EXE', 'a.exe', true],
    ['RÉSUMÉ*', 'résumé.doc', true],
    ['é', 'É', true],
    // ß has no single-code-point upper case; ẞ (U+1E9E) lower-cases to ß
    ['ß', 'ẞ', true],
    ['ß', 'SS', false],
    ['strasse', 'STRAßE', false],
    // İ folds to i (Java's per-character mapping), so it stays one character for ?
    ['?', 'İ', true],
    ['i', 'İ', true],
    // final sigma is not context-dependent: Σ folds to σ wherever it stands
    ['*σ', 'ΟΣ', true],
    ['*Σ', 'ος', false],
    ['ΟΣ', 'οσ', true],
  ])('%j against %j is %s', (pattern, text, expected) => {
    expect(eql(pattern, true)(text)).toBe(expected);
  });

  it('is case-sensitive when not asked otherwise', () => {
    expect(eql('*PowerShell*')('powershell')).toBe(false);
  });
});

describe('compileGlob segments', () => {
  it('joins adjacent literals across segment boundaries', () => {
    const match = compileGlob([{ literal: 'ab' }, { literal: '' }, { literal: 'c' }, 'any'], sensitive);
    expect([match('abcd'), match('abd')]).toEqual([true, false]);
  });

  it('folds joined literals so a split Σ still folds like the value', () => {
    const match = compileGlob([{ literal: 'Ο' }, { literal: 'Σ' }], insensitive);
    expect(match('ος')).toBe(false);
    expect(match('ΟΣ')).toBe(true);
  });
});

describe('globLiterals', () => {
  it.each<[GlobSegment[], string[]]>([
    [parseEqlWildcard('*a*bc?d*'), ['a', 'bc', 'd']],
    [[{ literal: 'x' }, { literal: 'y' }, 'any', { literal: '' }], ['xy']],
    [parseEqlWildcard('*?*'), []],
  ])('%j', (segments, literals) => {
    expect(globLiterals(segments)).toEqual(literals);
  });
});

describe('compileGlob agrees with a naive matcher', () => {
  const alphabet = fc.constantFrom('a', 'b', 'A', '😀', '\n', 'é');
  const segment = fc.oneof(
    fc.constant<GlobSegment>('any'),
    fc.constant<GlobSegment>('one'),
    fc.array(alphabet, { maxLength: 3 }).map((chars): GlobSegment => ({ literal: chars.join('') })),
  );
  const text = fc.array(alphabet, { maxLength: 12 }).map((chars) => chars.join(''));

  it('on random patterns and strings', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 7 }), text, (segments, value) => {
        expect(compileGlob(segments, sensitive)(value)).toBe(naiveMatch(segments, value));
      }),
      { numRuns: 3000 },
    );
  });

  it('on strings that contain the pattern', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 7 }), text, text, (segments, before, after) => {
        const sample = segments.map((s) => (s === 'any' ? 'ab' : s === 'one' ? '😀' : s.literal)).join('');
        const value = before + sample + after;
        expect(compileGlob(segments, sensitive)(value)).toBe(naiveMatch(segments, value));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('compileGlob worst cases stay polynomial', () => {
  it('handles many stars against a long near-miss input', () => {
    const text = 'a'.repeat(100_000);
    const match = eql('*a*a*a*a*a*a*a*a*a*a*b');
    expect(match(text)).toBe(false);
    expect(eql('*aaaaaaaaab*')(text)).toBe(false);
    expect(eql('*a?a?a?a?b*')(text)).toBe(false);
  });
});
