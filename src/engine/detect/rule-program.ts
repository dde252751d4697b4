/**
 * The rule set as one program: instead of every rule testing every event, one pass over the fields
 * the rules' triggers name (query/triggers.ts) looks each (field, value) up once in a hash table
 * and sets the bits of the trigger atoms that hold; a rule is picked when all atoms of one of its
 * clauses hold (a clause is checked only when its rarest atom, its anchor, held). Only the picked
 * rules, and the rules without triggers, are evaluated.
 * Each rule's own test then runs as before, so the result is exactly rule-at-a-time evaluation:
 * a rule left out could not have matched (the triggers' soundness contract).
 *
 * The event is walked once along a tree of the referenced field names (reading what
 * compileFieldGetter reads, in one pass for all fields), and each reader (keyword, folded keyword,
 * number, ...) reads a value once for all its keys; substrings of a field, case-sensitive or not,
 * are found by one automaton pass over each value as it is (no folded copy).
 */
import { FOLDED_KEYWORD_KEYS, KEYWORD_KEYS, type KeyReader, type SetKey } from '../kql/field/value-sets.ts';
import { keywordForm } from '../fields/values.ts';
import { foldCase } from '../match/case.ts';
import { AhoCorasick } from '../prefilter/aho-corasick.ts';
import type { EventDoc } from '../query/event.ts';
import { atomShare, type TriggerAtom, type Triggers } from '../query/triggers.ts';

/** Key atoms of one reader on a field: per key, the atoms (ids) it makes hold. */
interface ReaderTable {
  readonly reader: KeyReader;
  readonly rules: Map<SetKey, number[]>;
  /**
   * The keyword readers' key lengths (foldCase keeps a text's length in code units): a value of
   * another length is no key, so it is neither folded nor hashed. Bit n of `short` for length
   * n < 32; `long`, the longest key.
   */
  short: number;
  long: number;
}

/**
 * Substring atoms of one field: per needle, the atoms it makes hold. Case-insensitive needles are
 * given folded (foldCase) and the others as they are; one automaton finds both over the value as
 * it is (its unit folding finds every value whose foldCase holds a folded needle, and a superset
 * of the case-sensitive ones, which `includes` then confirms). The automaton folds code units,
 * not code points: needles holding surrogates (a case-insensitive needle with astral letters) go
 * to a table searched over the folded value instead (`folded`).
 */
interface SubstringTable {
  readonly folded: boolean;
  readonly needles: string[];
  readonly caseInsensitive: boolean[];
  readonly rules: number[][];
  /** Values shorter than the shortest needle hold none. */
  shortest: number;
  automaton?: AhoCorasick;
}

/**
 * The clauses of one atom set (many rules share a clause: the same query in several rules, or
 * the same structural constraints): its anchor and its other atoms (ids) must all hold, checked
 * once per event for all of them.
 */
interface Clause {
  /**
   * The atoms besides the anchor (which held, or the clause would not be checked), rarest first:
   * a clause that fails mostly fails on its first test.
   */
  readonly others: readonly number[];
  /** The rules the clause is a trigger of. */
  readonly rules: number[];
  /** Beside each rule, its part (a sequence clause) as a bit; ALL_PARTS for a rule without parts. */
  readonly parts: number[];
}

/** A rule's triggers given part by part (an EQL sequence's clauses, `until` last: at most 31). */
export interface TriggerParts {
  readonly parts: readonly Triggers[];
}

/** The parts of a rule picked whatever the event holds, or of a rule without parts. */
export const ALL_PARTS = -1;

interface FieldTable {
  readonly field: string;
  readonly readers: ReaderTable[];
  readonly substrings: SubstringTable[];
}

/** The referenced field names as a tree of their dot-separated parts; a node ending a name holds its table. */
interface FieldNode {
  readonly children: Map<string, FieldNode>;
  table: FieldTable | undefined;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Up to this many needles `includes` each; past it one automaton pass finds them all. */
const INCLUDES_LIMIT = 8;
/** Key lengths below this are kept as bits (ReaderTable.short). */
const SHORT_KEYS = 32;
const hasSurrogate = (text: string) => /[\ud800-\udfff]/.test(text);

export interface RuleProgram {
  /** Rules (positions) evaluated whatever the event holds: they have no triggers. */
  readonly unconstrained: readonly number[];
  /** Fields the program reads per event. */
  readonly fields: number;
  /**
   * The rules whose triggers fire on the event, then the unconstrained ones, each once (order
   * unspecified), into `out` (cleared first); with `parts`, parts[i] gets the bits of the parts
   * of rule out[i] whose triggers fired (ALL_PARTS for a rule without parts or constraints).
   */
  select(event: EventDoc, out: number[], parts?: number[]): void;
}

/**
 * `triggers[r]`: rule r's triggers (null when it has none), or its triggers part by part;
 * undefined when the rule does not run.
 */
export function compileRuleProgram(triggers: readonly (Triggers | TriggerParts | undefined)[]): RuleProgram {
  const byField = new Map<string, FieldTable>();
  const unconstrained: number[] = [];
  const clauses: Clause[] = [];
  const clauseIds = new Map<string, number>();
  /** Per atom id, the clauses it anchors (their rarest atom): a clause is checked only once its anchor holds. */
  const anchored: number[][] = [];
  // Equal atoms of different clauses (`host.os.type == "linux"` in hundreds of rules) share one id.
  const atomIds = new Map<string, number>();
  const readerIds = new Map<KeyReader, number>();
  const atomKey = (atom: TriggerAtom): string => {
    if (atom.kind === 'substring') return JSON.stringify(['s', atom.field, atom.caseInsensitive, [...atom.needles].sort()]);
    let reader = readerIds.get(atom.reader);
    if (reader === undefined) readerIds.set(atom.reader, (reader = readerIds.size));
    // Keys are strings, finite numbers or booleans: JSON tells them apart.
    return JSON.stringify(['k', atom.field, reader, [...new Set(atom.keys)].map((key) => JSON.stringify(key)).sort()]);
  };
  const addAtom = (atom: TriggerAtom): number => {
    const key = atomKey(atom);
    const known = atomIds.get(key);
    if (known !== undefined) return known;
    const id = anchored.push([]) - 1;
    atomIds.set(key, id);
    let table = byField.get(atom.field);
    if (table === undefined) byField.set(atom.field, (table = { field: atom.field, readers: [], substrings: [] }));
    if (atom.kind === 'substring') {
      for (const needle of atom.needles) {
        const folded = atom.caseInsensitive && hasSurrogate(needle);
        let substrings = table.substrings.find((candidate) => candidate.folded === folded);
        if (substrings === undefined) table.substrings.push((substrings = { folded, needles: [], caseInsensitive: [], rules: [], shortest: Infinity }));
        let at = substrings.needles.findIndex((known, n) => known === needle && substrings.caseInsensitive[n] === atom.caseInsensitive);
        if (at === -1) {
          at = substrings.needles.push(needle) - 1;
          substrings.caseInsensitive.push(atom.caseInsensitive);
          substrings.shortest = Math.min(substrings.shortest, needle.length);
        }
        (substrings.rules[at] ??= []).push(id);
      }
      return id;
    }
    let readerTable = table.readers.find((candidate) => candidate.reader === atom.reader);
    if (readerTable === undefined) table.readers.push((readerTable = { reader: atom.reader, rules: new Map(), short: 0, long: -1 }));
    for (const key of new Set(atom.keys)) {
      const ids = readerTable.rules.get(key);
      if (ids === undefined) readerTable.rules.set(key, [id]);
      else ids.push(id);
      const length = keywordForm(key).length;
      if (length < SHORT_KEYS) readerTable.short |= 1 << length;
      readerTable.long = Math.max(readerTable.long, length);
    }
    return id;
  };
  triggers.forEach((ruleTriggers, r) => {
    if (ruleTriggers === undefined) return;
    const byPart = ruleTriggers !== null && !Array.isArray(ruleTriggers);
    const parts = byPart ? (ruleTriggers as TriggerParts).parts : [ruleTriggers as Triggers];
    // A part without triggers, or with an empty clause (which always holds), may match any event.
    if (parts.some((part) => part === null || part.some((clause) => clause.length === 0))) {
      unconstrained.push(r);
      return;
    }
    parts.forEach((part, p) => {
      for (const clause of part!) {
        let anchor = clause[0]!;
        for (const atom of clause) if (atomShare(atom) < atomShare(anchor)) anchor = atom;
        const anchorId = addAtom(anchor);
        const others = [...clause].sort((a, b) => atomShare(a) - atomShare(b)).map(addAtom);
        const rest = [...new Set(others)].filter((atom) => atom !== anchorId);
        const key = `${anchorId}:${rest.join(',')}`;
        let id = clauseIds.get(key);
        if (id === undefined) {
          clauseIds.set(key, (id = clauses.push({ others: rest, rules: [], parts: [] }) - 1));
          anchored[anchorId]!.push(id);
        }
        clauses[id]!.rules.push(r);
        clauses[id]!.parts.push(byPart ? 1 << p : ALL_PARTS);
      }
    });
  });
  const fields = [...byField.values()];
  const root: FieldNode = { children: new Map(), table: undefined };
  for (const table of fields) {
    let node = root;
    for (const part of table.field.split('.')) {
      let child = node.children.get(part);
      if (child === undefined) node.children.set(part, (child = { children: new Map(), table: undefined }));
      node = child;
    }
    node.table = table;
  }
  for (const table of fields) {
    for (const substrings of table.substrings) if (substrings.needles.length > INCLUDES_LIMIT) substrings.automaton = new AhoCorasick(substrings.needles);
  }
  // The clauses packed into flat arrays, those of one anchor next to each other: what the
  // per-event checks read sits in a few typed arrays rather than in objects all over the heap.
  const { clausesFrom, othersFrom, others, membersFrom, memberRules, memberParts } = packClauses(anchored, clauses);
  // Atoms that hold and rules picked for the current event carry its stamp.
  const stamps = new Uint32Array(triggers.length);
  // Per rule picked for the current event: the bits of its parts picked so far.
  const partBits = new Int32Array(triggers.length);
  const atomStamps = new Uint32Array(anchored.length);
  // The anchors that held for the current event (each once: its stamp), whose clauses are checked
  // after the walk, in a fixed array with a count rather than an array emptied per event, which V8
  // would shrink and grow again each time.
  const checking = new Uint32Array(anchored.length);
  let checkingCount = 0;
  let stamp = 0;
  const pick = (hit: readonly number[] | undefined) => {
    if (hit === undefined) return;
    for (let i = 0; i < hit.length; i++) {
      const atom = hit[i]!;
      if (atomStamps[atom] === stamp) continue;
      atomStamps[atom] = stamp;
      if (clausesFrom[atom]! < clausesFrom[atom + 1]!) checking[checkingCount++] = atom;
    }
  };
  // The automaton's callback, made once: the table and text being searched.
  let searching: SubstringTable | undefined;
  let searched = '';
  const pickFound = (n: number) => {
    const table = searching!;
    // A case-sensitive needle the folding automaton found may differ in case.
    if (table.caseInsensitive[n] || table.folded || searched.includes(table.needles[n]!)) pick(table.rules[n]);
  };
  /** Whether a keyword reader's keys include one of the value's length. */
  const fits = (table: ReaderTable, length: number) => (length < SHORT_KEYS ? (table.short & (1 << length)) !== 0 : length <= table.long);
  const probe = (table: FieldTable, value: string | number | boolean) => {
    // The value's text, and its folded form once some reader or needle list needs it.
    const text = keywordForm(value);
    let folded: string | undefined;
    const readers = table.readers;
    for (let r = 0; r < readers.length; r++) {
      const readerTable = readers[r]!;
      const reader = readerTable.reader;
      // The two readers nearly every atom uses, without their one-key arrays.
      if (reader === KEYWORD_KEYS) {
        if (fits(readerTable, text.length)) pick(readerTable.rules.get(text));
      } else if (reader === FOLDED_KEYWORD_KEYS) {
        if (fits(readerTable, text.length)) pick(readerTable.rules.get((folded ??= foldCase(text))));
      } else for (const key of reader(value)) pick(readerTable.rules.get(key));
    }
    const tables = table.substrings;
    for (let t = 0; t < tables.length; t++) {
      const substrings = tables[t]!;
      if (text.length < substrings.shortest) continue;
      const target = substrings.folded ? (folded ??= foldCase(text)) : text;
      if (substrings.automaton !== undefined) {
        searching = substrings;
        searched = target;
        substrings.automaton.search(target, pickFound);
        continue;
      }
      const { needles, caseInsensitive, rules } = substrings;
      for (let n = 0; n < needles.length; n++) {
        if ((caseInsensitive[n] && !substrings.folded ? (folded ??= foldCase(text)) : target).includes(needles[n]!)) pick(rules[n]);
      }
    }
  };
  /**
   * Every primitive leaf of the event under a referenced name, read as compileFieldGetter reads
   * it: a key holding dots follows as many parts (every split of a name is found), arrays flatten
   * at any depth, only own keys count, null and objects at a name's end are not values. Leaves are
   * probed where they are met; objects and arrays wait on an explicit stack (nesting depth costs
   * no call stack), kept between events with a count rather than pushed and popped.
   */
  const nodes: FieldNode[] = [];
  const items: object[] = [];
  let depth = 0;
  const visit = (node: FieldNode, item: unknown) => {
    if (typeof item === 'object') {
      if (item === null || (node.children.size === 0 && !Array.isArray(item))) return;
      nodes[depth] = node;
      items[depth++] = item;
    } else if (node.table !== undefined && (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')) probe(node.table, item);
  };
  const walk = (event: EventDoc) => {
    visit(root, event);
    while (depth > 0) {
      const node = nodes[--depth]!;
      const item = items[depth]!;
      if (Array.isArray(item)) {
        for (let i = 0; i < item.length; i++) visit(node, item[i]);
        continue;
      }
      const record = item as Record<string, unknown>;
      // for-in with an own-key test reads the keys Object.keys would, without an array per object.
      for (const key in record) {
        if (!hasOwn.call(record, key)) continue;
        let next = node.children.get(key);
        if (next === undefined && key.includes('.')) {
          let at: FieldNode | undefined = node;
          for (const part of key.split('.')) if ((at = at?.children.get(part)) === undefined) break;
          next = at;
        }
        if (next !== undefined) visit(next, record[key]);
      }
    }
  };
  return {
    unconstrained,
    fields: fields.length,
    select(event, out, parts) {
      out.length = 0;
      stamp = stamp === 0xffffffff ? 1 : stamp + 1;
      if (stamp === 1) {
        stamps.fill(0);
        atomStamps.fill(0);
      }
      walk(event);
      // A clause whose anchor held: picked when its other atoms held too.
      for (let i = 0; i < checkingCount; i++) {
        const anchor = checking[i]!;
        for (let clause = clausesFrom[anchor]!, end = clausesFrom[anchor + 1]!; clause < end; clause++) {
          let holds = true;
          for (let a = othersFrom[clause]!, last = othersFrom[clause + 1]!; a < last && holds; a++) holds = atomStamps[others[a]!] === stamp;
          if (!holds) continue;
          for (let m = membersFrom[clause]!, last = membersFrom[clause + 1]!; m < last; m++) {
            const rule = memberRules[m]!;
            if (stamps[rule] === stamp) {
              partBits[rule] = partBits[rule]! | memberParts[m]!;
              continue;
            }
            stamps[rule] = stamp;
            partBits[rule] = memberParts[m]!;
            out.push(rule);
          }
        }
      }
      checkingCount = 0;
      if (parts !== undefined) {
        parts.length = 0;
        for (let i = 0; i < out.length; i++) parts.push(partBits[out[i]!]!);
      }
      for (let i = 0; i < unconstrained.length; i++) {
        if (stamps[unconstrained[i]!] === stamp) continue;
        out.push(unconstrained[i]!);
        parts?.push(ALL_PARTS);
      }
    },
  };
}

/** Clauses as flat arrays: item i of a list runs from `xFrom[i]` to `xFrom[i + 1]`. */
interface PackedClauses {
  /** Per atom, its clauses (they are numbered anew, those of one anchor in a row). */
  readonly clausesFrom: Int32Array;
  /** Per clause, its atoms besides the anchor. */
  readonly othersFrom: Int32Array;
  readonly others: Int32Array;
  /** Per clause, its rules, each beside its part bits. */
  readonly membersFrom: Int32Array;
  readonly memberRules: Int32Array;
  readonly memberParts: Int32Array;
}

function packClauses(anchored: readonly (readonly number[])[], clauses: readonly Clause[]): PackedClauses {
  const clausesFrom = new Int32Array(anchored.length + 1);
  const ordered: Clause[] = [];
  anchored.forEach((ids, atom) => {
    for (const id of ids) ordered.push(clauses[id]!);
    clausesFrom[atom + 1] = ordered.length;
  });
  const othersFrom = new Int32Array(ordered.length + 1);
  const membersFrom = new Int32Array(ordered.length + 1);
  ordered.forEach((clause, c) => {
    othersFrom[c + 1] = othersFrom[c]! + clause.others.length;
    membersFrom[c + 1] = membersFrom[c]! + clause.rules.length;
  });
  const others = Int32Array.from(ordered.flatMap((clause) => clause.others));
  const memberRules = Int32Array.from(ordered.flatMap((clause) => clause.rules));
  const memberParts = Int32Array.from(ordered.flatMap((clause) => clause.parts));
  return { clausesFrom, othersFrom, others, membersFrom, memberRules, memberParts };
}

/**
 * Runs `visit` once per rule picked for some of `events` (ascending rule order), with the positions
 * of its events in order, so a rule still sees its events in input order and can be timed per
 * batch. A rule a prefilter `mask` rules out for an event is not picked for it.
 */
export class PickBuckets {
  readonly #buckets: number[][];
  /** Per rule, beside its events, the parts picked for each (see RuleProgram.select). */
  readonly #partBuckets: number[][];
  readonly #touched: number[] = [];
  readonly #picked: number[] = [];
  readonly #parts: number[] = [];

  constructor(
    private readonly program: RuleProgram,
    rules: number,
  ) {
    this.#buckets = Array.from({ length: rules }, () => []);
    this.#partBuckets = Array.from({ length: rules }, () => []);
  }

  /** `visit(rule, events, parts)`: parts[i], the bits of the rule's parts picked for events[i]. */
  run(events: readonly { readonly event: EventDoc; readonly candidates?: Uint8Array | undefined }[], visit: (rule: number, events: readonly number[], parts: readonly number[]) => void): void {
    const buckets = this.#buckets;
    const partBuckets = this.#partBuckets;
    const touched = this.#touched;
    const picked = this.#picked;
    const parts = this.#parts;
    for (let e = 0; e < events.length; e++) {
      const { event, candidates } = events[e]!;
      this.program.select(event, picked, parts);
      for (let i = 0; i < picked.length; i++) {
        const r = picked[i]!;
        if (candidates !== undefined && candidates[r] !== 1) continue;
        const bucket = buckets[r]!;
        if (bucket.length === 0) touched.push(r);
        bucket.push(e);
        partBuckets[r]!.push(parts[i]!);
      }
    }
    touched.sort((a, b) => a - b);
    for (const r of touched) {
      visit(r, buckets[r]!, partBuckets[r]!);
      buckets[r]!.length = 0;
      partBuckets[r]!.length = 0;
    }
    touched.length = 0;
  }
}
