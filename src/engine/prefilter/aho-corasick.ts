/**
 * Aho–Corasick over UTF-16 code units with ASCII case folding: every occurrence of every needle in
 * one pass, whatever the number of needles. Used when there are too many needles for one regular
 * expression (V8 tries the alternatives one after another: with the ~3,000 needles of the public
 * rule corpus the alternation took ~20 µs per line, this automaton ~2 µs).
 *
 * The automaton is a full DFA over the needles' distinct code units (plus one class for all other
 * units), so each input unit costs one table lookup.
 */
export class AhoCorasick {
  /** Per code unit its class; one byte each when there are few classes (a table per automaton, the rule program holds dozens). */
  private readonly classes: Uint8Array | Uint16Array;
  private readonly classCount: number;
  /** Per state and class the next state; two bytes each when the states allow. */
  private readonly next: Uint16Array | Int32Array;
  /** Per state, the needles ending there (its own and those of its suffix states). */
  private readonly outputs: (readonly number[] | undefined)[];

  /**
   * `needles` are folded with `foldUnits`; the search folds the input's code units the same way,
   * so a line holding a needle in any case of its letters (whose lower case is one code unit: all
   * but a few such as `İ`) is found.
   */
  constructor(needles: readonly string[]) {
    const classes = new Uint16Array(0x10000);
    let classCount = 1;
    for (const needle of needles) {
      for (let i = 0; i < needle.length; i++) {
        const unit = needle.charCodeAt(i);
        if (classes[unit] === 0) classes[unit] = classCount++;
      }
    }
    // Upper case folds onto the class of its lower case.
    const folds = unitFolds();
    for (let unit = 0; unit < 0x10000; unit++) {
      const folded = folds[unit]!;
      if (folded !== unit && classes[unit] === 0) classes[unit] = classes[folded]!;
    }
    this.classes = classCount <= 0x100 ? Uint8Array.from(classes) : classes;
    this.classCount = classCount;

    const trie: Map<number, number>[] = [new Map()];
    const ends: number[][] = [[]];
    needles.forEach((needle, index) => {
      let state = 0;
      for (let i = 0; i < needle.length; i++) {
        const cls = classes[needle.charCodeAt(i)]!;
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
    for (let cls = 0; cls < classCount; cls++) {
      const child = trie[0]!.get(cls);
      next[cls] = child ?? 0;
      if (child !== undefined) queue.push(child);
    }
    // Breadth first: a state's failure state is shallower, so already complete.
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      const inherited = outputs[fail[state]!];
      if (inherited) outputs[state] = [...(outputs[state] ?? []), ...inherited];
      for (let cls = 0; cls < classCount; cls++) {
        const child = trie[state]!.get(cls);
        const viaFail = next[fail[state]! * classCount + cls]!;
        if (child === undefined) {
          next[state * classCount + cls] = viaFail;
        } else {
          next[state * classCount + cls] = child;
          fail[child] = viaFail;
          queue.push(child);
        }
      }
    }
    this.next = trie.length <= 0x10000 ? Uint16Array.from(next) : next;
    this.outputs = outputs;
  }

  /** Calls `found` with the index of every needle occurring in `line` (possibly more than once). */
  search(line: string, found: (index: number) => void): void {
    const { classes, classCount, next, outputs } = this;
    let state = 0;
    for (let i = 0; i < line.length; i++) {
      state = next[state * classCount + classes[line.charCodeAt(i)]!]!;
      const ending = outputs[state];
      if (ending !== undefined) for (const index of ending) found(index);
    }
  }
}

let folds: Uint16Array | undefined;

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
