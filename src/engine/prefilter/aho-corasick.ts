/**
 * Aho–Corasick over UTF-16 code units with case folding: every occurrence of every needle in
 * one pass, whatever the number of needles. Used when there are too many needles for one regular
 * expression (V8 tries the alternatives one after another: with the ~3,000 needles of the public
 * rule corpus the alternation took ~20 µs per line, this automaton ~2 µs).
 *
 * The automaton is a full DFA over classes of code units (the folded units the needles hold, plus
 * one class for all other units), so each input unit costs one table lookup. Two choices keep the
 * tables the search touches small, as the rule program runs dozens of automata between its other
 * work: the class table covers ASCII until a line holds another unit (then all of UTF-16, built
 * once), and the states holding needle ends are numbered last, so the search knows whether a state
 * ends a needle by comparing its number rather than by loading a table entry per unit.
 */
export class AhoCorasick {
  /** Per code unit its class: the ASCII units only, until a wider unit is searched (`widen`). */
  private classes: Uint8Array | Uint16Array;
  /** Per folded unit (`unitKeys`) that some needle holds, its class. */
  private readonly classOfKey: Map<number, number>;
  private readonly classCount: number;
  /** Per state and class the next state; two bytes each when the states allow. */
  private readonly next: Uint16Array | Int32Array;
  /** States from this number on end needles; outputs[state - firstOutput] lists them. */
  private readonly firstOutput: number;
  private readonly start: number;
  /** Per output state, the needles ending there (its own and those of its suffix states). */
  private readonly outputs: readonly (readonly number[])[];

  /**
   * `needles` are folded with `foldUnits`; the search folds the input's code units the same way,
   * so a line holding a needle in any case of its letters is found (units compare by `unitKeys`:
   * their lower case where that is one code unit, and `İ` as `i`, as foldCase folds it).
   */
  constructor(needles: readonly string[]) {
    const keys = unitKeys();
    const classOfKey = new Map<number, number>();
    for (const needle of needles) {
      for (let i = 0; i < needle.length; i++) {
        const key = keys[needle.charCodeAt(i)]!;
        if (!classOfKey.has(key)) classOfKey.set(key, classOfKey.size + 1);
      }
    }
    const classCount = classOfKey.size + 1;
    const classOf = (unit: number) => classOfKey.get(keys[unit]!) ?? 0;
    this.classOfKey = classOfKey;
    this.classCount = classCount;
    this.classes = classTable(classCount, 0x80, classOf);

    const trie: Map<number, number>[] = [new Map()];
    const ends: number[][] = [[]];
    needles.forEach((needle, index) => {
      let state = 0;
      for (let i = 0; i < needle.length; i++) {
        const cls = classOf(needle.charCodeAt(i));
        let child = trie[state]!.get(cls);
        if (child === undefined) {
          child = trie.length;
          trie.push(new Map());
          ends.push([]);
          trie[state]!.set(cls, child);
        }
        state = child;
      }
      ends[state]!.push(index);
    });

    const next = new Int32Array(trie.length * classCount);
    const fail = new Int32Array(trie.length);
    const outputs: (number[] | undefined)[] = ends.map((list) => (list.length > 0 ? [...list] : undefined));
    const queue: number[] = [];
    for (const [cls, child] of trie[0]!) {
      next[cls] = child;
      queue.push(child);
    }
    // Breadth first: a state's failure state is shallower, so already complete. A state moves as its
    // failure state does (its row copied) except on its own children.
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      const via = fail[state]! * classCount;
      const inherited = outputs[fail[state]!];
      if (inherited) outputs[state] = [...(outputs[state] ?? []), ...inherited];
      next.copyWithin(state * classCount, via, via + classCount);
      for (const [cls, child] of trie[state]!) {
        fail[child] = next[via + cls]!;
        next[state * classCount + cls] = child;
        queue.push(child);
      }
    }
    // Renumbered: states without outputs first, in their order, then those with outputs.
    const renumbered = new Int32Array(trie.length);
    let plain = 0;
    for (let state = 0; state < trie.length; state++) if (outputs[state] === undefined) renumbered[state] = plain++;
    let ending = plain;
    for (let state = 0; state < trie.length; state++) if (outputs[state] !== undefined) renumbered[state] = ending++;
    const table = trie.length <= 0x10000 ? new Uint16Array(next.length) : new Int32Array(next.length);
    for (let state = 0; state < trie.length; state++) {
      const from = state * classCount;
      const to = renumbered[state]! * classCount;
      for (let cls = 0; cls < classCount; cls++) table[to + cls] = renumbered[next[from + cls]!]!;
    }
    this.next = table;
    this.firstOutput = plain;
    this.start = renumbered[0]!;
    const ordered: number[][] = [];
    for (let state = 0; state < trie.length; state++) if (outputs[state] !== undefined) ordered[renumbered[state]! - plain] = outputs[state]!;
    this.outputs = ordered;
  }

  /** Calls `found` with the index of every needle occurring in `line` (possibly more than once). */
  search(line: string, found: (index: number) => void): void {
    const { classCount, next, outputs, firstOutput } = this;
    let classes = this.classes;
    let state = this.start;
    if (state >= firstOutput) for (const index of outputs[state - firstOutput]!) found(index);
    for (let i = 0; i < line.length; i++) {
      const unit = line.charCodeAt(i);
      if (unit >= classes.length) classes = this.widen();
      state = next[state * classCount + classes[unit]!]!;
      if (state >= firstOutput) {
        const ending = outputs[state - firstOutput]!;
        for (let e = 0; e < ending.length; e++) found(ending[e]!);
      }
    }
  }

  /** The class table over all of UTF-16, made the first time a line holds a unit past ASCII. */
  private widen(): Uint8Array | Uint16Array {
    const keys = unitKeys();
    this.classes = classTable(this.classCount, 0x10000, (unit) => this.classOfKey.get(keys[unit]!) ?? 0);
    return this.classes;
  }
}

function classTable(classCount: number, units: number, classOf: (unit: number) => number): Uint8Array | Uint16Array {
  const table = classCount <= 0x100 ? new Uint8Array(units) : new Uint16Array(units);
  for (let unit = 0; unit < units; unit++) table[unit] = classOf(unit);
  return table;
}

let folds: Uint16Array | undefined;
let keys: Uint16Array | undefined;

/** Per code unit, its lower case when that is one code unit, else itself. */
function unitFolds(): Uint16Array {
  if (folds) return folds;
  folds = new Uint16Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    const lower = String.fromCharCode(unit).toLowerCase();
    folds[unit] = lower.length === 1 ? lower.charCodeAt(0) : unit;
  }
  return folds;
}

/**
 * Per code unit, the unit the search compares it by: its fold (`unitFolds`), with `İ` as `i`
 * (foldCase's per-code-point fold), repeated until it no longer changes, so that two units
 * compare equal whenever foldCase maps one onto the other.
 */
export function unitKeys(): Uint16Array {
  if (keys) return keys;
  const fold = unitFolds();
  keys = new Uint16Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    let key = unit === 0x130 ? 0x69 : fold[unit]!;
    for (let step = 0; step < 4 && fold[key] !== key; step++) key = fold[key]!;
    keys[unit] = key;
  }
  return keys;
}

/**
 * `text` with each code unit folded as the search folds its input: needles folded this way are
 * found wherever the text holds them exactly (a plain `toLowerCase` can differ, e.g. a final `Σ`).
 */
export function foldUnits(text: string): string {
  const table = unitFolds();
  // Joined, not concatenated unit by unit: a needle kept for the whole scan is then one flat string
  // rather than a chain of one cons cell per unit (~5 MB over the public library's needles).
  const units = new Array<string>(text.length);
  for (let i = 0; i < text.length; i++) units[i] = String.fromCharCode(table[text.charCodeAt(i)]!);
  return units.join('');
}
