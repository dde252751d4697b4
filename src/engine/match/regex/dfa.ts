/**
 * Eager determinisation for complement (`~`) and intersection (`&`), bounded like Lucene's
 * (10,000 states, `Operations.DEFAULT_DETERMINIZE_WORK_LIMIT`): past it the pattern is rejected.
 */
import { classRange, SubsetStepper, stateSetKey, type Alphabet, type NfaGraph } from './automaton.ts';
import { RegexSyntaxError } from './syntax-error.ts';
import { appendAll } from '../../append-all.ts';

export const MAX_DFA_STATES = 10_000;

/** A complete DFA over an alphabet's classes; state 0 is the start. */
export interface Dfa {
  readonly accepting: readonly boolean[];
  /** `next[state][class]`. */
  readonly next: readonly (readonly number[])[];
}

function tooComplex(offset: number): RegexSyntaxError {
  return new RegexSyntaxError(
    `pattern is too complex: determinizing it needs more than ${MAX_DFA_STATES} states`,
    offset,
  );
}

/** Subset construction of the fragment `start`..`accept`, which must have no edges leaving it. */
export function determinize(graph: NfaGraph, start: number, accept: number, alphabet: Alphabet, offset: number): Dfa {
  const stepper = new SubsetStepper(graph, accept);
  const sets: number[][] = [];
  const ids = new Map<string, number>();
  const next: number[][] = [];
  const idOf = (states: number[]): number => {
    const key = stateSetKey(states);
    let id = ids.get(key);
    if (id === undefined) {
      if (sets.length >= MAX_DFA_STATES) throw tooComplex(offset);
      id = sets.length;
      ids.set(key, id);
      sets.push(states);
    }
    return id;
  };
  idOf(stepper.closure([start]));
  for (let state = 0; state < sets.length; state++) {
    const states = sets[state] ?? [];
    next.push(alphabet.starts.map((representative) => idOf(stepper.step(states, representative))));
  }
  return { accepting: sets.map((states) => stepper.accepts(states)), next };
}

export function complementDfa(dfa: Dfa): Dfa {
  return { accepting: dfa.accepting.map((accepting) => !accepting), next: dfa.next };
}

export function intersectDfas(left: Dfa, right: Dfa, classes: number, offset: number): Dfa {
  const ids = new Map<string, number>();
  const pairs: [number, number][] = [];
  const idOf = (pair: [number, number]): number => {
    const key = `${pair[0]},${pair[1]}`;
    let id = ids.get(key);
    if (id === undefined) {
      if (pairs.length >= MAX_DFA_STATES) throw tooComplex(offset);
      id = pairs.length;
      ids.set(key, id);
      pairs.push(pair);
    }
    return id;
  };
  idOf([0, 0]);
  const next: number[][] = [];
  for (let state = 0; state < pairs.length; state++) {
    const [a, b] = pairs[state] ?? [0, 0];
    const row: number[] = [];
    for (let index = 0; index < classes; index++) {
      row.push(idOf([left.next[a]?.[index] ?? 0, right.next[b]?.[index] ?? 0]));
    }
    next.push(row);
  }
  return {
    accepting: pairs.map(([a, b]) => (left.accepting[a] ?? false) && (right.accepting[b] ?? false)),
    next,
  };
}

/** The DFA's transitions grouped per target as code point sets, dropping states that cannot accept. */
export function liveTransitions(dfa: Dfa, alphabet: Alphabet): { live: boolean[]; edges: Map<number, number[]>[] } {
  const sources: number[][] = dfa.next.map(() => []);
  dfa.next.forEach((row, state) => row.forEach((target) => sources[target]?.push(state)));
  const live = [...dfa.accepting];
  const stack = live.flatMap((accepting, state) => (accepting ? [state] : []));
  for (let state = stack.pop(); state !== undefined; state = stack.pop()) {
    for (const source of sources[state] ?? []) {
      if (!live[source]) {
        live[source] = true;
        stack.push(source);
      }
    }
  }
  const edges = dfa.next.map((row) => {
    const byTarget = new Map<number, number[]>();
    row.forEach((target, index) => {
      if (!live[target]) return;
      const ranges = byTarget.get(target) ?? [];
      appendAll(ranges, classRange(alphabet, index));
      byTarget.set(target, ranges);
    });
    return byTarget;
  });
  return { live, edges };
}
