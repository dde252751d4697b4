import { describe, expect, it } from 'vitest';
import { valueOf } from './eval-helpers.ts';

describe('EQL functions (Elasticsearch semantics)', () => {
  it.each([
    // arithmetic: int/int truncates, decimals do not; % keeps the dividend's sign; /0 is null
    ['add(2, 3)', 5],
    ['subtract(2, 5)', -3],
    ['multiply(4, 2.5)', 10],
    ['divide(7, 2)', 3],
    ['divide(-7, 2)', -3],
    ['divide(7, 2.0)', 3.5],
    ['divide(7, 0)', null],
    ['modulo(-7, 3)', -1],
    ['7 / 2', 3],
    ['7.0 / 2', 3.5],
    ['-(3 - 5)', 2],
    ['add(null, 1)', null],
    ['process.pid / 2', 2],
    ['score / 2', 2.5],
    // between: first left, next (or last, greedy) right; not found is ""; empty bound returns the source
    ['between("welcome to the planet", "welcome", "planet")', ' to the '],
    ['between("a.b.c.d", ".", ".")', 'b'],
    ['between("a.b.c.d", ".", ".", true)', 'b.c'],
    ['between("abc", "x", "c")', ''],
    ['between("abc", "a", "x")', ''],
    ['between("abc", "", "c")', 'abc'],
    ['between~("ABCD", "b", "d")', 'C'],
    ['between("ABCD", "b", "d")', ''],
    ['between(null, "a", "b")', null],
    // cidrMatch
    ['cidrMatch("10.1.2.3", "10.0.0.0/8")', true],
    ['cidrMatch("10.1.2.3", "192.168.0.0/16", "10.1.2.3/32")', true],
    ['cidrMatch("fe80::1", "fe80::/10")', true],
    ['cidrMatch("11.1.2.3", "10.0.0.0/8")', false],
    ['cidrMatch(null, "10.0.0.0/8")', null],
    // concat: text forms, any null makes null
    ['concat("a", 1, true)', 'a1true'],
    ['concat("a", null)', null],
    ['concat(2.5)', '2.5'],
    // endsWith / startsWith / stringContains, ~ variants
    ['endsWith("cmd.EXE", ".exe")', false],
    ['endsWith~("cmd.EXE", ".exe")', true],
    ['startsWith("cmd.exe", "cmd")', true],
    ['startsWith("cmd.exe", "CMD")', false],
    ['startsWith~("cmd.exe", "CMD")', true],
    ['startsWith(null, "a")', null],
    ['stringContains("abc", "b")', true],
    ['stringContains("abc", "B")', false],
    ['stringContains~("abc", "B")', true],
    ['stringContains("abc", "")', false],
    // indexOf: null when not found, null start is 0
    ['indexOf("abcabc", "c")', 2],
    ['indexOf("abcabc", "c", 3)', 5],
    ['indexOf("abcabc", "x")', null],
    ['indexOf("abcabc", "C")', null],
    ['indexOf~("abcabc", "C")', 2],
    ['indexOf("abc", "a", null)', 0],
    ['indexOf("abc", "a", 10)', null],
    // length
    ['length("héllo")', 5],
    ['length("")', 0],
    ['length(null)', null],
    // number: base 10 decimals, other bases integers, 0x prefix
    ['number("42")', 42],
    ['number("-4.5")', -4.5],
    ['number("0x1F")', 31],
    ['number("ff", 16)', 255],
    ['number("0xff", 16)', 255],
    ['number("31", 13)', 40],
    ['number("abc")', null],
    ['number(null)', null],
    // string
    ['string(5)', '5'],
    ['string(true)', 'true'],
    ['string(null)', null],
    // substring: python slice semantics
    ['substring("hello world", 0, 5)', 'hello'],
    ['substring("hello world", -5)', 'world'],
    ['substring("hello world", -5, -1)', 'worl'],
    ['substring("hello", 2, 100)', 'llo'],
    ['substring("hello", -100, 2)', 'he'],
    ['substring("hello", 3, 1)', ''],
    ['substring(null, 1)', null],
  ] as const)('%s = %j', (expression, expected) => {
    expect(valueOf(expression, { process: { pid: 5 }, score: 5 })).toBe(expected);
  });

  it.each([
    ['true or null', true],
    ['false or null', null],
    ['false and null', false],
    ['true and null', null],
    ['not null', null],
    ['null == null', true],
    ['null != null', false],
    ['1 < null', null],
    ['"a" == "A"', false],
    ['"a" : "A"', true],
    ['1 == 1.0', true],
    ['"10" < "9"', true],
    ['10 < 9', false],
  ] as const)('three-valued logic: %s = %j', (expression, expected) => {
    expect(valueOf(expression)).toBe(expected);
  });

  it('evaluates a function over every value of a multi-valued field (any combination)', () => {
    expect(valueOf('endsWith(process.args, ".ps1")', { process: { args: ['-f', 'x.ps1'] } })).toBe(true);
    expect(valueOf('length(process.args) > 5', { process: { args: ['-f', 'x.ps1'] } })).toBe(false);
    expect(valueOf('length(process.args) > 5', {})).toBe(null);
  });
});
