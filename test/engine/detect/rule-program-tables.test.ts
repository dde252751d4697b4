/**
 * The rule program's tables, case by case: substring needles (case-insensitive and case-sensitive
 * ones searched together over the value as it is, by `includes` or by the automaton), keyword keys
 * behind their length filter, and the shapes of events the walk reads. Each case says whether the
 * rule must be picked (its trigger holds, by the contract in query/triggers.ts) or must be left out
 * (its trigger cannot hold: the program does narrow).
 */
import { describe, expect, it } from 'vitest';
import { compileRuleProgram } from '../../../src/engine/detect/rule-program.ts';
import { FOLDED_KEYWORD_KEYS, KEYWORD_KEYS, type SetKey } from '../../../src/engine/kql/field/value-sets.ts';
import { foldCase } from '../../../src/engine/match/case.ts';
import { unitKeys } from '../../../src/engine/prefilter/aho-corasick.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import type { Triggers } from '../../../src/engine/query/triggers.ts';

const substring = (needles: readonly string[], caseInsensitive: boolean): Triggers => [[{ kind: 'substring', field: 'f', needles: caseInsensitive ? needles.map(foldCase) : needles, caseInsensitive }]];
const keys = (reader: typeof KEYWORD_KEYS, values: readonly SetKey[]): Triggers => [[{ kind: 'keys', field: 'f', reader, keys: values }]];
// Needles no value below holds: with them a field has more needles than `includes` takes, so an automaton searches.
const FILLER = Array.from({ length: 12 }, (_, i) => `qqq${i}`);

/** Whether rule 0 of `triggers` (the others fill the field's tables) is picked for `event`. */
function picked(triggers: readonly Triggers[], event: EventDoc): boolean {
  const out: number[] = [];
  compileRuleProgram(triggers).select(event, out);
  return out.includes(0);
}

type Case = [name: string, rule: Triggers, value: unknown, pick: boolean];

const substringCases = (caseInsensitive: boolean): Case[] =>
  caseInsensitive
    ? [
        ['upper-case value', substring(['Invoke'], true), 'x INVOKE-Expression', true],
        ['İ folds to i (foldCase)', substring(['invoke'], true), 'İNVOKE', true],
        ['Kelvin sign folds to k', substring(['kerb'], true), '\u212Aerb', true],
        ['final sigma', substring(['σ'], true), 'ΑΣ', true],
        ['astral letters fold (searched folded)', substring(['𐐨x'], true), 'a𐐀X', true],
        ['non-ASCII after ASCII (wider class table)', substring(['ÉTÉ'], true), 'x été', true],
        ['absent', substring(['invoke'], true), 'invok', false],
        ['value shorter than every needle', substring(['abc'], true), 'ab', false],
        ['number value as text', substring(['4624'], true), 14624, true],
      ]
    : [
        ['exact case', substring(['Invoke'], false), 'x Invoke-Expression', true],
        ['other case is no match', substring(['Invoke'], false), 'x INVOKE-Expression', false],
        ['İ is not i', substring(['invoke'], false), 'İnvoke', false],
        ['exact non-ASCII after ASCII', substring(['ÉTÉ'], false), 'x ÉTÉ', true],
        ['astral letters exactly', substring(['𐐀'], false), 'a𐐀X', true],
        ['astral letters in another case', substring(['𐐀'], false), 'a𐐨X', false],
        ['boolean value as text', substring(['rue'], false), true, true],
      ];

describe('substring atoms', () => {
  for (const caseInsensitive of [true, false]) {
    for (const [withFiller, how] of [[false, 'includes'], [true, 'automaton']] as const) {
      it.each(substringCases(caseInsensitive))(`${caseInsensitive ? 'case-insensitive' : 'case-sensitive'}, by ${how}: %s`, (_name, rule, value, pick) => {
        const fill = withFiller ? [substring(FILLER, true), substring(FILLER, false)] : [];
        expect(picked([rule, ...fill], { f: value })).toBe(pick);
        // An array of values holds the needle when one value does.
        expect(picked([rule, ...fill], { f: ['zzz', value] })).toBe(pick);
      });
    }
  }

  it('a case-sensitive and a case-insensitive needle of the same text on one field each keep their own case rule', () => {
    const triggers = [substring(['Cmd'], false), substring(['cmd'], true), substring(FILLER, false)];
    const out: number[] = [];
    const program = compileRuleProgram(triggers);
    program.select({ f: 'CMD.EXE' }, out);
    expect(out.sort()).toEqual([1]);
    program.select({ f: 'Cmd.exe' }, out);
    expect(out.sort()).toEqual([0, 1]);
  });
});

describe('keyword keys behind the length filter', () => {
  const long = 'x'.repeat(40);
  it.each<Case>([
    ['the empty key', keys(KEYWORD_KEYS, ['']), '', true],
    ['a key of 31 units', keys(KEYWORD_KEYS, ['y'.repeat(31)]), 'y'.repeat(31), true],
    ['a key past 32 units', keys(KEYWORD_KEYS, [long]), long, true],
    ['a longer value than every key', keys(KEYWORD_KEYS, [long]), `${long}x`, false],
    ['another length', keys(KEYWORD_KEYS, ['abc']), 'abcd', false],
    ['a number value read as its text', keys(KEYWORD_KEYS, ['4624']), 4624, true],
    ['folded, upper-case value', keys(FOLDED_KEYWORD_KEYS, ['cmd.exe']), 'CMD.EXE', true],
    ['folded, İ', keys(FOLDED_KEYWORD_KEYS, ['ipconfig']), 'İPCONFIG', true],
    ['folded, astral letters', keys(FOLDED_KEYWORD_KEYS, [foldCase('𐐀𐐀')]), '𐐀𐐀', true],
    ['folded, long key', keys(FOLDED_KEYWORD_KEYS, [long]), long.toUpperCase(), true],
  ])('%s', (_name, rule, value, pick) => {
    expect(picked([rule], { f: value })).toBe(pick);
  });
});

describe('the walk', () => {
  const rule: Triggers = [[{ kind: 'keys', field: 'a.b.c', reader: KEYWORD_KEYS, keys: ['v'] }]];
  it.each<[string, EventDoc, boolean]>([
    ['nested', { a: { b: { c: 'v' } } }, true],
    ['flat dotted key', { 'a.b.c': 'v' }, true],
    ['dotted key inside an object', { a: { 'b.c': 'v' } }, true],
    ['arrays at any depth', { a: [{ b: [[{ c: [['x', 'v']] }]] }] }, true],
    ['an object at the name is no value', { a: { b: { c: { v: 'v' } } } }, false],
    ['null', { a: { b: { c: null } } }, false],
    ['an inherited key is not read', Object.assign(Object.create({ a: { b: { c: 'v' } } }) as EventDoc, { x: 1 }), false],
  ])('%s', (_name, event, pick) => {
    expect(picked([rule], event)).toBe(pick);
  });

  it('deep nesting costs no call stack', () => {
    let value: unknown = 'v';
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(picked([rule], { a: { b: { c: value } } })).toBe(true);
  });
});

describe('the folding the program relies on', () => {
  it('foldCase keeps every code point to its length in code units (the keyword length filter)', () => {
    const changed: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const text = String.fromCodePoint(cp);
      if (foldCase(text).length !== text.length) changed.push(cp);
    }
    expect(changed).toEqual([]);
  });

  it("the automaton's unit keys compare a unit equal to its foldCase (one pass over the value as it is)", () => {
    const table = unitKeys();
    const differ: number[] = [];
    for (let unit = 0; unit < 0x10000; unit++) {
      if (unit >= 0xd800 && unit <= 0xdfff) continue;
      const folded = foldCase(String.fromCharCode(unit));
      if (table[folded.charCodeAt(0)] !== table[unit] || table[table[unit]!] !== table[unit]) differ.push(unit);
    }
    expect(differ).toEqual([]);
  });
});
