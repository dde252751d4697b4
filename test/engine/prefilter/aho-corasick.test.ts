import { describe, expect, it } from 'vitest';
import { AhoCorasick, foldUnits } from '../../../src/engine/prefilter/aho-corasick.ts';

/** A small deterministic generator (tests must be reproducible). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function word(next: () => number, alphabet: readonly string[], min: number, max: number): string {
  const length = min + Math.floor(next() * (max - min + 1));
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)]!;
  return text;
}

function found(automaton: AhoCorasick, line: string): number[] {
  const hits = new Set<number>();
  automaton.search(line, (index) => hits.add(index));
  return [...hits].sort((a, b) => a - b);
}

/** Needles present in the folded line, by plain search. */
function expected(needles: readonly string[], line: string): number[] {
  const folded = foldUnits(line);
  return needles.flatMap((needle, index) => (folded.includes(needle) ? [index] : []));
}

const LETTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ.\\/-_ '];
// More distinct units than one byte can number: the class table needs two bytes a unit.
const WIDE = Array.from({ length: 400 }, (_, i) => String.fromCharCode(0x4e00 + i));

describe('AhoCorasick', () => {
  it.each([
    ['few classes and states (one-byte classes, two-byte states)', LETTERS, 200, 2, 12],
    ['over 256 classes (two-byte classes)', WIDE, 300, 1, 4],
    ['over 65,536 states (four-byte states)', LETTERS, 9000, 10, 14],
  ])('finds exactly the needles a plain search finds: %s', (_name, alphabet, count, min, max) => {
    const next = random(count);
    const needles = [...new Set(Array.from({ length: count }, () => foldUnits(word(next, alphabet, min, max))))];
    const automaton = new AhoCorasick(needles);
    let hits = 0;
    for (let i = 0; i < 60; i++) {
      // Lines mixing needles (some upper-cased) and noise, so that both hits and misses occur.
      const parts = Array.from({ length: 6 }, () => (next() < 0.5 ? word(next, alphabet, 1, 8) : needles[Math.floor(next() * needles.length)]!.toUpperCase()));
      const line = parts.join(next() < 0.5 ? ' ' : '');
      const want = expected(needles, line);
      expect(found(automaton, line)).toEqual(want);
      hits += want.length;
    }
    expect(hits).toBeGreaterThan(60);
  });

  it('folds a needle into one flat string equal to the unit-by-unit fold', () => {
    expect(foldUnits('C:\\Windows\\SYSTEM32\\CMD.EXE')).toBe('c:\\windows\\system32\\cmd.exe');
    expect(foldUnits('ΣΑΣ')).toBe('σασ');
    expect(foldUnits('')).toBe('');
  });
});
