/**
 * Whole-string matching by simulating the NFA with state sets, caching each set as a DFA state the
 * first time it is reached (a lazily built DFA, as RE2 does). Each input code point costs one table
 * lookup, or one NFA step when the transition is new, so matching is linear in the input whatever
 * the pattern. The cache is bounded and simply dropped when full.
 */
import { classOf, reachableAlphabet, stateSetKey, SubsetStepper, type Alphabet } from './automaton.ts';
import type { Nfa } from './nfa.ts';

/** Cache bounds (DFA states, and states × character classes) past which the cache is dropped. */
const MAX_CACHED_STATES = 10_000;
const MAX_CACHED_TRANSITIONS = 1 << 21;
const UNKNOWN = -1;
const DEAD = 0;

export function lazyDfaMatcher(nfa: Nfa): (text: string) => boolean {
  const alphabet = reachableAlphabet(nfa, [nfa.start]);
  const asciiClasses = Int32Array.from({ length: 128 }, (_, codePoint) => classOf(alphabet, codePoint));
  const dfa = new LazyDfa(nfa, alphabet);
  return (text) => {
    let state = dfa.start;
    for (let index = 0; index < text.length; ) {
      const codePoint = text.codePointAt(index) ?? 0;
      index += codePoint > 0xffff ? 2 : 1;
      const characterClass = codePoint < 128 ? (asciiClasses[codePoint] ?? 0) : classOf(alphabet, codePoint);
      state = dfa.next(state, characterClass);
      if (state === DEAD) return false;
    }
    return dfa.accepts(state);
  };
}

class LazyDfa {
  private readonly stepper: SubsetStepper;
  private readonly classes: number;
  private sets: number[][] = [];
  private accepting: boolean[] = [];
  private transitions: Int32Array[] = [];
  private ids = new Map<string, number>();
  private readonly startSet: number[];
  start = 0;

  constructor(
    nfa: Nfa,
    private readonly alphabet: Alphabet,
  ) {
    this.stepper = new SubsetStepper(nfa, nfa.accept);
    this.classes = alphabet.starts.length;
    this.startSet = this.stepper.closure([nfa.start]);
    this.reset();
  }

  accepts(state: number): boolean {
    return this.accepting[state] ?? false;
  }

  next(state: number, characterClass: number): number {
    const row = this.transitions[state];
    const known = row?.[characterClass] ?? UNKNOWN;
    if (known !== UNKNOWN) return known;
    const target = this.stepper.step(this.sets[state] ?? [], this.alphabet.starts[characterClass] ?? 0);
    if (!this.ids.has(stateSetKey(target)) && this.full()) {
      // Drop the cache; the caller only holds the id returned here, which stays valid.
      this.reset();
      return this.idOf(target);
    }
    const id = this.idOf(target);
    if (row) row[characterClass] = id;
    return id;
  }

  private full(): boolean {
    return this.sets.length >= MAX_CACHED_STATES || (this.sets.length + 1) * this.classes > MAX_CACHED_TRANSITIONS;
  }

  private reset(): void {
    this.sets = [];
    this.accepting = [];
    this.transitions = [];
    this.ids = new Map();
    this.idOf([]); // DEAD
    this.start = this.idOf(this.startSet);
  }

  private idOf(states: number[]): number {
    const key = stateSetKey(states);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.ids.set(key, id);
      this.sets.push(states);
      this.accepting.push(this.stepper.accepts(states));
      this.transitions.push(new Int32Array(this.classes).fill(UNKNOWN));
    }
    return id;
  }
}
