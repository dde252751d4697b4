/**
 * Subset construction, bounded as Elasticsearch bounds it. A `regexp` query (and EQL `regex`, which
 * ES runs as one) determinises its automaton when the query is built and fails with Lucene's
 * `TooComplexToDeterminizeException` past `max_determinized_states` (default 10,000, Lucene's
 * `DEFAULT_DETERMINIZE_WORK_LIMIT`). Loupe determinises every pattern eagerly at compile time with
 * the same bound, so such a rule is rejected when it is loaded, and matching costs one table lookup
 * per code point whatever the pattern.
 */
import { classOf, SubsetStepper, stateSetKey, type Alphabet, type NfaGraph } from './automaton.ts';
import { RegexTooComplexError } from './syntax-error.ts';

/** Elasticsearch's default `max_determinized_states`. */
export const MAX_DETERMINIZED_STATES = 10_000;

/**
 * Work allowed per permitted DFA state, counted as the sizes of the NFA state sets expanded and
 * built. Lucene bounds its work too (LUCENE-9981: the sizes of the sets it expands, at most 10 per
 * permitted state, so 100,000 by default); this is looser, so that only patterns Elasticsearch also
 * rejects hit it, and keeps compiling any pattern well under a second.
 */
const WORK_PER_STATE = 1000;

/** Bounds the transition table (states × character classes): a Loupe limit on memory per pattern. */
const MAX_TABLE_ENTRIES = 1 << 23;

/** A complete DFA over an alphabet's classes: `next[state * classes + class]`; state 0 is the start. */
export interface Dfa {
  readonly classes: number;
  readonly accepting: readonly boolean[];
  readonly next: Int32Array;
}

function tooManyStates(maxStates: number, offset: number): RegexTooComplexError {
  return new RegexTooComplexError(
    `regex too complex: more than ${maxStates} determinized states (Elasticsearch rejects it too: max_determinized_states)`,
    offset,
  );
}

function tooMuchWork(limit: number, offset: number): RegexTooComplexError {
  return new RegexTooComplexError(
    `regex too complex: determinizing it takes more than ${limit} steps (Elasticsearch rejects it too: max_determinized_states)`,
    offset,
  );
}

function tableTooLarge(offset: number): RegexTooComplexError {
  return new RegexTooComplexError(`regex too complex: its automaton needs more than ${MAX_TABLE_ENTRIES} transitions`, offset);
}

/**
 * Each edge's character set as class intervals, flattened `[first, last, target, ...]`: the
 * alphabet's classes are cut so that every edge set covers whole classes.
 */
function classEdgesOf(graph: NfaGraph, alphabet: Alphabet): (state: number) => readonly number[] {
  const cache: (number[] | undefined)[] = [];
  return (state) => {
    let intervals = cache[state];
    if (intervals === undefined) {
      intervals = [];
      for (const edge of graph.edges[state] ?? []) {
        for (let index = 0; index < edge.set.length; index += 2) {
          intervals.push(classOf(alphabet, edge.set[index] ?? 0), classOf(alphabet, edge.set[index + 1] ?? 0), edge.to);
        }
      }
      cache[state] = intervals;
    }
    return intervals;
  };
}

/**
 * Subset construction of the fragment `start`..`accept` (which must have no edges leaving it).
 * Per DFA state, the outgoing edges of its NFA states are swept by class (as Lucene's `determinize`
 * sweeps its transition points), so a target set is computed only where the targets change.
 * Throws `RegexTooComplexError` at `offset` past `maxStates` states (the empty set not counted), or
 * past the work limit.
 */
export function determinize(
  graph: NfaGraph,
  start: number,
  accept: number,
  alphabet: Alphabet,
  offset: number,
  maxStates: number,
): Dfa {
  const classes = alphabet.starts.length;
  const workLimit = maxStates * WORK_PER_STATE;
  const stepper = new SubsetStepper(graph, accept);
  const sweep = new ClassSweep(graph, alphabet);
  const sets: number[][] = [];
  const ids = new Map<string, number>();
  let nonEmpty = 0;
  let work = 0;
  const spend = (amount: number): void => {
    work += amount;
    if (work > workLimit) throw tooMuchWork(workLimit, offset);
  };
  const idOf = (states: number[]): number => {
    spend(states.length);
    const key = stateSetKey(states);
    let id = ids.get(key);
    if (id === undefined) {
      if (states.length > 0 && ++nonEmpty > maxStates) throw tooManyStates(maxStates, offset);
      if ((sets.length + 1) * classes > MAX_TABLE_ENTRIES) throw tableTooLarge(offset);
      id = sets.length;
      ids.set(key, id);
      sets.push(states);
    }
    return id;
  };
  idOf(stepper.closure([start]));
  const empty = idOf([]);
  const rows: Int32Array[] = [];
  for (let state = 0; state < sets.length; state++) {
    const members = sets[state] ?? [];
    spend(members.length);
    const row = new Int32Array(classes);
    sweep.run(members, (from, to, targets) => row.fill(targets.length === 0 ? empty : idOf(stepper.closure(targets)), from, to));
    rows.push(row);
  }
  const next = new Int32Array(sets.length * classes);
  rows.forEach((row, state) => next.set(row, state * classes));
  return { classes, accepting: sets.map((states) => stepper.accepts(states)), next };
}

/**
 * Groups the outgoing edges of a set of NFA states by character class: reports each run of classes
 * `[from, to)` with the targets its edges lead to. Marks are bucketed per class boundary (a counting
 * sort), so one run costs the number of classes plus the edges involved.
 */
class ClassSweep {
  private readonly classEdges: (state: number) => readonly number[];
  private readonly classes: number;
  /** Per boundary, the first mark there (-1: none); marks chain through `markNext`. */
  private readonly heads: Int32Array;
  private markNext: number[] = [];
  private markTarget: number[] = [];
  private markDelta: number[] = [];
  private readonly counts: Int32Array;
  private readonly active = new Set<number>();

  constructor(graph: NfaGraph, alphabet: Alphabet) {
    this.classEdges = classEdgesOf(graph, alphabet);
    this.classes = alphabet.starts.length;
    this.heads = new Int32Array(this.classes + 1);
    this.counts = new Int32Array(graph.edges.length);
  }

  run(members: readonly number[], emit: (from: number, to: number, targets: number[]) => void): void {
    this.heads.fill(-1);
    this.markNext.length = 0;
    this.markTarget.length = 0;
    this.markDelta.length = 0;
    for (const member of members) {
      const intervals = this.classEdges(member);
      for (let index = 0; index < intervals.length; index += 3) {
        const target = intervals[index + 2] ?? 0;
        this.mark(intervals[index] ?? 0, target, 1);
        this.mark((intervals[index + 1] ?? 0) + 1, target, -1);
      }
    }
    let from = 0;
    let targets: number[] = [];
    for (let point = 0; point <= this.classes; point++) {
      let markIndex = this.heads[point] ?? -1;
      if (markIndex < 0) continue;
      if (point > from) emit(from, point, targets);
      for (; markIndex >= 0; markIndex = this.markNext[markIndex] ?? -1) {
        const target = this.markTarget[markIndex] ?? 0;
        const count = (this.counts[target] ?? 0) + (this.markDelta[markIndex] ?? 0);
        this.counts[target] = count;
        if (count === 0) this.active.delete(target);
        else this.active.add(target);
      }
      targets = [...this.active];
      from = point;
    }
    if (from < this.classes) emit(from, this.classes, targets);
  }

  private mark(point: number, target: number, delta: number): void {
    this.markNext.push(this.heads[point] ?? -1);
    this.heads[point] = this.markTarget.length;
    this.markTarget.push(target);
    this.markDelta.push(delta);
  }
}

export function complementDfa(dfa: Dfa): Dfa {
  return { ...dfa, accepting: dfa.accepting.map((accepting) => !accepting) };
}

export function intersectDfas(left: Dfa, right: Dfa, offset: number, maxStates: number): Dfa {
  const { classes } = left;
  const ids = new Map<number, number>();
  const pairs: [number, number][] = [];
  const rightStates = right.accepting.length;
  const idOf = (a: number, b: number): number => {
    const key = a * rightStates + b;
    let id = ids.get(key);
    if (id === undefined) {
      if (pairs.length >= maxStates) throw tooManyStates(maxStates, offset);
      if ((pairs.length + 1) * classes > MAX_TABLE_ENTRIES) throw tableTooLarge(offset);
      id = pairs.length;
      ids.set(key, id);
      pairs.push([a, b]);
    }
    return id;
  };
  idOf(0, 0);
  const rows: number[] = [];
  for (let state = 0; state < pairs.length; state++) {
    const [a, b] = pairs[state] ?? [0, 0];
    for (let index = 0; index < classes; index++) {
      rows.push(idOf(left.next[a * classes + index] ?? 0, right.next[b * classes + index] ?? 0));
    }
  }
  return {
    classes,
    accepting: pairs.map(([a, b]) => (left.accepting[a] ?? false) && (right.accepting[b] ?? false)),
    next: Int32Array.from(rows),
  };
}

/** The states from which an accepting state can be reached. */
export function liveStates(dfa: Dfa): boolean[] {
  const { classes, next } = dfa;
  const sources: number[][] = dfa.accepting.map(() => []);
  for (let state = 0; state < dfa.accepting.length; state++) {
    for (let index = 0; index < classes; index++) sources[next[state * classes + index] ?? 0]?.push(state);
  }
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
  return live;
}
