/**
 * The rule set as one program: instead of every rule testing every event, one pass over the fields
 * the rules' triggers name (query/triggers.ts) looks each (field, value) up once in a hash table
 * and collects the rules it triggers; only those, and the rules without triggers, are evaluated.
 * Each rule's own test then runs as before, so the result is exactly rule-at-a-time evaluation:
 * a rule left out could not have matched (the triggers' soundness contract).
 *
 * The event is walked once along a tree of the referenced field names (reading what
 * compileFieldGetter reads, in one pass for all fields), and each reader (keyword, folded keyword,
 * number, ...) reads a value once for all its keys; substrings of a field are found by one
 * automaton pass over each value.
 */
import { FOLDED_KEYWORD_KEYS, KEYWORD_KEYS, type KeyReader, type SetKey } from '../kql/field/value-sets.ts';
import { keywordForm } from '../fields/values.ts';
import { foldCase } from '../match/case.ts';
import { AhoCorasick } from '../prefilter/aho-corasick.ts';
import type { EventDoc } from '../query/event.ts';
import type { Triggers } from '../query/triggers.ts';

interface ReaderTable {
  readonly reader: KeyReader;
  readonly rules: Map<SetKey, number[]>;
}

/** Substring atoms of one case mode: each needle's rules; an automaton once there are many needles. */
interface SubstringTable {
  readonly caseInsensitive: boolean;
  readonly needles: string[];
  readonly rules: number[][];
  automaton?: AhoCorasick;
}

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

/** Up to this many needles `includes` each; past it one automaton pass finds them all. */
const INCLUDES_LIMIT = 8;

export interface RuleProgram {
  /** Rules (positions) evaluated whatever the event holds: they have no triggers. */
  readonly unconstrained: readonly number[];
  /** Fields the program reads per event. */
  readonly fields: number;
  /**
   * The rules whose triggers fire on the event, then the unconstrained ones, each once (order
   * unspecified), into `out` (cleared first).
   */
  select(event: EventDoc, out: number[]): void;
}

/** `triggers[r]`: rule r's triggers; null when it has none; undefined when the rule does not run. */
export function compileRuleProgram(triggers: readonly (Triggers | undefined)[]): RuleProgram {
  const byField = new Map<string, FieldTable>();
  const unconstrained: number[] = [];
  triggers.forEach((atoms, r) => {
    if (atoms === undefined) return;
    if (atoms === null) {
      unconstrained.push(r);
      return;
    }
    for (const atom of atoms) {
      let table = byField.get(atom.field);
      if (table === undefined) byField.set(atom.field, (table = { field: atom.field, readers: [], substrings: [] }));
      if (atom.kind === 'substring') {
        let substrings = table.substrings.find((candidate) => candidate.caseInsensitive === atom.caseInsensitive);
        if (substrings === undefined) table.substrings.push((substrings = { caseInsensitive: atom.caseInsensitive, needles: [], rules: [] }));
        for (const needle of atom.needles) {
          let at = substrings.needles.indexOf(needle);
          if (at === -1) at = substrings.needles.push(needle) - 1;
          const rules = (substrings.rules[at] ??= []);
          if (rules[rules.length - 1] !== r) rules.push(r);
        }
        continue;
      }
      let readerTable = table.readers.find((candidate) => candidate.reader === atom.reader);
      if (readerTable === undefined) table.readers.push((readerTable = { reader: atom.reader, rules: new Map() }));
      for (const key of atom.keys) {
        const rules = readerTable.rules.get(key);
        if (rules === undefined) readerTable.rules.set(key, [r]);
        else if (rules[rules.length - 1] !== r) rules.push(r);
      }
    }
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
  // The automaton folds ASCII-and-more case on its own: for case-sensitive needles it finds a superset, which is sound.
  for (const table of fields) for (const substrings of table.substrings) if (substrings.needles.length > INCLUDES_LIMIT) substrings.automaton = new AhoCorasick(substrings.needles);
  // Rules picked for the current event carry its stamp, so one picked twice is listed once.
  const stamps = new Uint32Array(triggers.length);
  let stamp = 0;
  const pick = (hit: readonly number[] | undefined, out: number[]) => {
    if (hit === undefined) return;
    for (let i = 0; i < hit.length; i++) {
      const r = hit[i]!;
      if (stamps[r] === stamp) continue;
      stamps[r] = stamp;
      out.push(r);
    }
  };
  const probe = (table: FieldTable, value: string | number | boolean, out: number[]) => {
    for (const { reader, rules } of table.readers) {
      // The two readers nearly every atom uses, without their one-key arrays.
      if (reader === KEYWORD_KEYS) pick(rules.get(keywordForm(value)), out);
      else if (reader === FOLDED_KEYWORD_KEYS) pick(rules.get(foldCase(keywordForm(value))), out);
      else for (const key of reader(value)) pick(rules.get(key), out);
    }
    for (const substrings of table.substrings) {
      const { needles, rules, automaton } = substrings;
      const text = substrings.caseInsensitive ? foldCase(keywordForm(value)) : keywordForm(value);
      if (automaton !== undefined) automaton.search(text, (n) => pick(rules[n], out));
      else for (let n = 0; n < needles.length; n++) if (text.includes(needles[n]!)) pick(rules[n], out);
    }
  };
  /**
   * Every primitive leaf of the event under a referenced name, read as compileFieldGetter reads
   * it: a key holding dots follows as many parts (every split of a name is found), arrays flatten
   * at any depth, only own keys count, null and objects at a name's end are not values. An explicit
   * stack: nesting depth costs no call stack.
   */
  const nodes: FieldNode[] = [];
  const items: unknown[] = [];
  const walk = (event: EventDoc, out: number[]) => {
    nodes.push(root);
    items.push(event);
    while (nodes.length > 0) {
      const node = nodes.pop()!;
      const item = items.pop();
      if (item === null || item === undefined) continue;
      if (typeof item !== 'object') {
        if (node.table !== undefined && (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')) probe(node.table, item, out);
        continue;
      }
      if (Array.isArray(item)) {
        for (const element of item) {
          nodes.push(node);
          items.push(element);
        }
        continue;
      }
      if (node.children.size === 0) continue;
      const record = item as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        let next = node.children.get(key);
        if (next === undefined && key.includes('.')) {
          let at: FieldNode | undefined = node;
          for (const part of key.split('.')) if ((at = at?.children.get(part)) === undefined) break;
          next = at;
        }
        if (next === undefined) continue;
        nodes.push(next);
        items.push(record[key]);
      }
    }
  };
  return {
    unconstrained,
    fields: fields.length,
    select(event, out) {
      out.length = 0;
      stamp = stamp === 0xffffffff ? 1 : stamp + 1;
      if (stamp === 1) stamps.fill(0);
      walk(event, out);
      for (let i = 0; i < unconstrained.length; i++) out.push(unconstrained[i]!);
    },
  };
}

/**
 * Runs `visit` once per rule picked for some of `events` (ascending rule order), with the positions
 * of its events in order, so a rule still sees its events in input order and can be timed per
 * batch. A rule a prefilter `mask` rules out for an event is not picked for it.
 */
export class PickBuckets {
  readonly #buckets: number[][];
  readonly #touched: number[] = [];
  readonly #picked: number[] = [];

  constructor(
    private readonly program: RuleProgram,
    rules: number,
  ) {
    this.#buckets = Array.from({ length: rules }, () => []);
  }

  run(events: readonly { readonly event: EventDoc; readonly candidates?: Uint8Array | undefined }[], visit: (rule: number, events: readonly number[]) => void): void {
    const buckets = this.#buckets;
    const touched = this.#touched;
    const picked = this.#picked;
    for (let e = 0; e < events.length; e++) {
      const { event, candidates } = events[e]!;
      this.program.select(event, picked);
      for (const r of picked) {
        if (candidates !== undefined && candidates[r] !== 1) continue;
        const bucket = buckets[r]!;
        if (bucket.length === 0) touched.push(r);
        bucket.push(e);
      }
    }
    touched.sort((a, b) => a - b);
    for (const r of touched) {
      visit(r, buckets[r]!);
      buckets[r]!.length = 0;
    }
    touched.length = 0;
  }
}
