/**
 * Automaton building blocks shared by the NFA builder and the determiniser: NFA shape, alphabet
 * partitions, and state sets.
 */
import { MAX_CODE_POINT, type CharSet } from './charset.ts';

export interface Edge {
  readonly set: CharSet;
  readonly to: number;
}

/** State `s` has empty transitions `epsilons[s]` and character transitions `edges[s]`. */
export interface NfaGraph {
  readonly epsilons: readonly (readonly number[])[];
  readonly edges: readonly (readonly Edge[])[];
}

/**
 * The code point space cut into classes that every edge set either fully contains or avoids:
 * class `k` is `starts[k]` up to the next start. Automata then step per class, not per code point.
 */
export interface Alphabet {
  readonly starts: readonly number[];
}

export function alphabetOf(sets: Iterable<CharSet>): Alphabet {
  const bounds = new Set<number>([0]);
  for (const set of sets) {
    for (let index = 0; index < set.length; index += 2) {
      bounds.add(set[index] ?? 0);
      const after = (set[index + 1] ?? 0) + 1;
      if (after <= MAX_CODE_POINT) bounds.add(after);
    }
  }
  return { starts: [...bounds].sort((left, right) => left - right) };
}

export function classOf(alphabet: Alphabet, codePoint: number): number {
  const { starts } = alphabet;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= codePoint) low = middle;
    else high = middle - 1;
  }
  return low;
}

export function classRange(alphabet: Alphabet, index: number): CharSet {
  return [alphabet.starts[index] ?? 0, (alphabet.starts[index + 1] ?? MAX_CODE_POINT + 1) - 1];
}

/** States reachable from `start`, for building the alphabet of just the live part of a graph. */
export function reachableStates(graph: NfaGraph, start: number): number[] {
  const seen = new Set<number>([start]);
  const stack = [start];
  for (let state = stack.pop(); state !== undefined; state = stack.pop()) {
    const targets = [...(graph.epsilons[state] ?? []), ...(graph.edges[state] ?? []).map((edge) => edge.to)];
    for (const target of targets) {
      if (!seen.has(target)) {
        seen.add(target);
        stack.push(target);
      }
    }
  }
  return [...seen];
}

export function reachableAlphabet(graph: NfaGraph, starts: readonly number[]): Alphabet {
  const sets: CharSet[] = [];
  for (const start of starts) {
    for (const state of reachableStates(graph, start)) for (const edge of graph.edges[state] ?? []) sets.push(edge.set);
  }
  return alphabetOf(sets);
}

/**
 * Sets of NFA states for subset construction. A set keeps only the states that matter after an
 * epsilon closure (those with character edges, and the accepting state), sorted, so equal sets
 * have equal keys.
 */
export class SubsetStepper {
  private readonly marks: Int32Array;
  private generation = 0;
  /** Whether a state is kept in sets: it has character edges, or it is the accepting state. */
  private readonly kept: Uint8Array;
  /**
   * Each state's epsilon successors, with chains of states that have one epsilon edge and nothing
   * else skipped (Thompson construction makes many), so closures visit fewer states.
   */
  private readonly successors: (readonly number[])[];
  private readonly stack: number[] = [];

  constructor(
    graph: NfaGraph,
    private readonly accept: number,
  ) {
    const size = graph.edges.length;
    this.marks = new Int32Array(size);
    this.kept = Uint8Array.from({ length: size }, (_, state) => (state === accept || (graph.edges[state]?.length ?? 0) > 0 ? 1 : 0));
    const passThrough = (state: number): boolean => this.kept[state] === 0 && graph.epsilons[state]?.length === 1;
    const ends = new Int32Array(size).fill(-1);
    const skip = (from: number): number => {
      const chain: number[] = [];
      let state = from;
      // Bounded: a cycle of pass-through states (an epsilon loop) is cut after `size` steps.
      while (passThrough(state) && (ends[state] ?? -1) < 0 && chain.length < size) {
        chain.push(state);
        state = graph.epsilons[state]?.[0] ?? state;
      }
      const end = (ends[state] ?? -1) >= 0 ? (ends[state] ?? state) : state;
      for (const link of chain) ends[link] = end;
      return end;
    };
    this.successors = graph.epsilons.map((targets) => targets.map(skip));
  }

  closure(seeds: readonly number[]): number[] {
    const generation = ++this.generation;
    const { marks, kept: isKept, successors, stack } = this;
    const kept: number[] = [];
    for (const seed of seeds) stack.push(seed);
    for (let state = stack.pop(); state !== undefined; state = stack.pop()) {
      if (marks[state] === generation) continue;
      marks[state] = generation;
      if (isKept[state] === 1) kept.push(state);
      for (const target of successors[state] ?? []) {
        if (marks[target] !== generation) stack.push(target);
      }
    }
    return kept.sort((left, right) => left - right);
  }

  accepts(states: readonly number[]): boolean {
    return states.includes(this.accept);
  }
}

export function stateSetKey(states: readonly number[]): string {
  return states.join(',');
}
