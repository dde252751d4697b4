/**
 * Rules with long value lists (`f:(a or b ...)`, `in (...)`) require an OR of many literals. The
 * prefilter decides such an OR from the needles found on the line rather than trying each literal:
 * these tests check it decides exactly as trying each one would, in both search modes (one shared
 * automaton when the rules have many anchors; the OR's own automaton when a single shared substring
 * anchors it, e.g. `.exe` for a list of programs).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePrefilter } from '../../../src/engine/prefilter/prefilter.ts';
import { anyOf, literal, textSatisfies, type Requirement } from '../../../src/engine/query/requirements.ts';

const cs = (text: string) => literal(text, false);
const ci = (text: string) => literal(text, true);
const names = <T>(count: number, shape: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => shape(i));

/** Whether rule 0 is a candidate for a line holding `value`. */
const candidate = (requirements: readonly Requirement[], value: string) => compilePrefilter(requirements).candidates(JSON.stringify({ v: value }))?.[0] === 1;

describe('prefilter: long lists of literals', () => {
  // Every name contains "x.exe": the list is anchored on that one substring.
  const anchored = anyOf([...names(40, (i) => cs(`tool${i}x.exe`)), cs('ÉCOLEx.exe'), ci('mixedx.exe')]);
  // Names with no common substring and over 24 anchors: one automaton over every literal.
  const exhaustive = anyOf([...names(40, (i) => cs(`${i.toString(36)}qz${i}`)), cs('ÉCOLE'), ci('mixed')]);

  const lists = { anchored, exhaustive };
  it.each([
    ['anchored', 'tool7x.exe', true],
    ['anchored', 'run tool39x.exe now', true],
    ['anchored', 'TOOL7X.EXE', false],
    ['anchored', 'other.exe x.exe', false],
    ['anchored', 'ÉCOLEx.exe', true],
    ['anchored', 'écolex.exe', false],
    ['anchored', 'MIXEDX.EXE', true],
    ['exhaustive', '7qz7', true],
    ['exhaustive', '7QZ7', false],
    ['exhaustive', 'ÉCOLE', true],
    ['exhaustive', 'MiXeD', true],
    ['exhaustive', 'nothing here', false],
  ] as const)('%s list, line holding %j: candidate %s', (mode, value, expected) => {
    expect(candidate([lists[mode]], value)).toBe(expected);
  });

  it('decides a random list exactly as trying each literal would', () => {
    // ASCII and non-ASCII letters in both cases; case-insensitive literals stay ASCII (others constrain nothing).
    const letters = ['a', 'A', 'b', 'B', 'é', 'É', 'σ', 'Σ', 'ς', '.', 'x'];
    const text = (alphabet: readonly string[], min: number) =>
      fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: 6 }).map((chars) => chars.join(''));
    const listed = fc.oneof(
      text(letters, 2).map(cs),
      text(['a', 'A', 'b', 'B', '.', 'x'], 2).map(ci),
    );
    fc.assert(
      fc.property(
        fc.array(listed, { minLength: 16, maxLength: 60 }),
        fc.constantFrom('', 'x.exe'),
        fc.array(text(letters, 0), { minLength: 1, maxLength: 4 }),
        (literals, suffix, values) => {
          // With a suffix every literal shares it: the anchored mode.
          const requirement = anyOf(
            literals.map((part) => (part.kind === 'literal' ? literal(part.text + suffix, part.caseInsensitive) : part)),
          );
          const prefilter = compilePrefilter([requirement]);
          for (const value of values.map((v) => v + suffix)) {
            const line = JSON.stringify({ v: value });
            expect(prefilter.candidates(line)?.[0] === 1, line).toBe(textSatisfies(requirement, line));
          }
        },
      ),
      { numRuns: 400, seed: 4242 },
    );
  });

  it('finds any of 50,000 names on a line', () => {
    const list = names(50_000, (i) => `tool${i.toString(36)}x.exe`);
    const prefilter = compilePrefilter([anyOf(list.map(cs)), anyOf(names(50_000, (i) => cs(`q${i}z${i % 7}`)))]);
    const mask = (value: string) => [...(prefilter.candidates(JSON.stringify({ v: value })) ?? [0, 0])];
    expect(mask(`run ${list[49_999]!}`)).toEqual([1, 0]);
    expect(mask(`toolzzzzx.exe q49999z${49_999 % 7}`)).toEqual([0, 1]);
    expect(mask('tool-x.exe q5z6')).toEqual([0, 0]);
  });
});
