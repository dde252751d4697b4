/**
 * Whole-string matching with a determinised automaton: one table lookup per input code point, so
 * matching is linear in the input whatever the pattern.
 */
import { classOf, type Alphabet } from './automaton.ts';
import { liveStates, type Dfa } from './dfa.ts';

/** Table entry for "no match is possible any more": typed arrays start filled with it. */
const DEAD = 0;

export function dfaMatcher(dfa: Dfa, alphabet: Alphabet): (text: string) => boolean {
  const { classes } = dfa;
  const live = liveStates(dfa);
  // Live states are renumbered from 1; every other state becomes DEAD.
  const renumbered = new Int32Array(live.length);
  let count = 0;
  live.forEach((isLive, state) => {
    if (isLive) renumbered[state] = ++count;
  });
  const table = count < 0xffff ? new Uint16Array((count + 1) * classes) : new Int32Array((count + 1) * classes);
  const accepting = new Uint8Array(count + 1);
  live.forEach((isLive, state) => {
    if (!isLive) return;
    const id = renumbered[state] ?? DEAD;
    accepting[id] = dfa.accepting[state] ? 1 : 0;
    for (let index = 0; index < classes; index++) {
      table[id * classes + index] = renumbered[dfa.next[state * classes + index] ?? 0] ?? DEAD;
    }
  });
  const start = renumbered[0] ?? DEAD;
  const asciiClasses = Int32Array.from({ length: 128 }, (_, codePoint) => classOf(alphabet, codePoint));
  return (text) => {
    let state = start;
    for (let index = 0; index < text.length && state !== DEAD; ) {
      const codePoint = text.codePointAt(index) ?? 0;
      index += codePoint > 0xffff ? 2 : 1;
      const characterClass = codePoint < 128 ? (asciiClasses[codePoint] ?? 0) : classOf(alphabet, codePoint);
      state = table[state * classes + characterClass] ?? DEAD;
    }
    return accepting[state] === 1;
  };
}
