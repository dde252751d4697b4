/**
 * Triggers: which field values an event must hold for a query to have a chance, so a rule set can
 * be run as one program (program.ts) — each distinct (field, value) looked up once per event in a
 * hash table, and each rule evaluated only when one of its triggers fired.
 *
 * A query's triggers are a list of atoms, null when unconstrained. The contract (soundness): when
 * the query matches an event, at least one atom holds on it. An atom reads the values of its
 * `_source` field (compileFieldGetter's reading: a superset of what the test reads, values past
 * `ignore_above` included) and holds when one of them reads, through `reader`, as one of `keys`
 * (from tests that are exactly such a membership, value-sets.ts), or contains one of `needles`
 * (from wildcard tests: any value a glob matches contains each of its literal runs, in the glob's
 * own case folding, foldCase, which maps code points one for one).
 *
 * - AND: any one part's triggers will do; the one likeliest to fire least is kept (`cost`).
 * - OR: every part needs triggers, and the union is kept.
 * - NOT, ranges, wildcards, scripts: null (the rule runs whenever it is routed).
 */
import type { KeyReader, SetKey } from '../kql/field/value-sets.ts';
import { foldCase } from '../match/case.ts';
import { globLiterals, type GlobSegment } from '../match/glob.ts';

export type TriggerAtom = KeyAtom | SubstringAtom;

/** Some value of `field` reads, through `reader`, as one of `keys` (an exact membership test's own terms). */
export interface KeyAtom {
  readonly kind: 'keys';
  /** The `_source` field the values are read from (compileFieldGetter). */
  readonly field: string;
  readonly reader: KeyReader;
  readonly keys: readonly SetKey[];
}

/**
 * Some value of `field`, as text (`keywordForm`; folded with foldCase when `caseInsensitive`),
 * contains one of `needles` (given folded when `caseInsensitive`): what a wildcard pattern's
 * longest literal run requires of any value it matches.
 */
export interface SubstringAtom {
  readonly kind: 'substring';
  readonly field: string;
  readonly needles: readonly string[];
  readonly caseInsensitive: boolean;
}

/** null: no constraint (the query may match events holding none of the pack's trigger values). */
export type Triggers = readonly TriggerAtom[] | null;

/**
 * Fields nearly every event holds one of a few values of (ECS categorisation, OS): a trigger on
 * them fires for most events of a kind, so a conjunction prefers any other part.
 */
const STRUCTURAL_FIELDS = new Set([
  'event.category',
  'event.type',
  'event.kind',
  'event.action',
  'event.outcome',
  'event.module',
  'event.dataset',
  'event.provider',
  'data_stream.dataset',
  'data_stream.type',
  'host.os.type',
  'host.os.family',
  'host.os.name',
  'host.os.platform',
  'agent.type',
  'network.direction',
  'network.transport',
  'network.protocol',
  'network.type',
  'user.id',
  'process.code_signature.trusted',
  'process.code_signature.exists',
]);

/** A rough count of how often the atoms fire: structural values count as very common. */
export function triggerCost(triggers: Triggers): number {
  if (triggers === null) return Infinity;
  let cost = 0;
  for (const atom of triggers) {
    // A substring fires more often than an equal value: short needles most of all.
    const weight = atom.kind === 'keys' ? atom.keys.length : atom.needles.reduce((sum, needle) => sum + (needle.length >= 4 ? 2 : 20), 0);
    cost += weight * (STRUCTURAL_FIELDS.has(atom.field) ? 100 : 1);
  }
  return cost;
}

/** AND: the cheapest part's triggers (null only when no part has any). */
export function triggersOfAll(parts: readonly Triggers[]): Triggers {
  let best: Triggers = null;
  for (const part of parts) if (part !== null && triggerCost(part) < triggerCost(best)) best = part;
  return best;
}

/** OR: the union, or null when some part is unconstrained. */
export function triggersOfAny(parts: readonly Triggers[]): Triggers {
  const atoms: TriggerAtom[] = [];
  for (const part of parts) {
    if (part === null) return null;
    for (const atom of part) atoms.push(atom);
  }
  return atoms;
}

export function triggerAtom(field: string, reader: KeyReader, keys: readonly SetKey[]): Triggers {
  return [{ kind: 'keys', field, reader, keys }];
}

/**
 * The triggers of "some value matches one of these globs" on `field`: per glob its longest literal
 * run (folded when case-insensitive); null when a glob has no literal (`*`, `?`).
 */
export function globTriggers(field: string, globs: readonly (readonly GlobSegment[])[], caseInsensitive: boolean): Triggers {
  const needles: string[] = [];
  for (const segments of globs) {
    let longest = '';
    for (const run of globLiterals(segments)) if (run.length > longest.length) longest = run;
    if (longest === '') return null;
    needles.push(caseInsensitive ? foldCase(longest) : longest);
  }
  return [{ kind: 'substring', field, needles, caseInsensitive }];
}
