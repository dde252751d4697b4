/**
 * Triggers: which field values an event must hold for a query to have a chance, so a rule set can
 * be run as one program (program.ts) — each distinct (field, value) looked up once per event in a
 * hash table, and each rule evaluated only when one of its triggers fired.
 *
 * A query's triggers are clauses of atoms, null when unconstrained. The contract (soundness): when
 * the query matches an event, every atom of at least one clause holds on it. An atom reads the values of its
 * `_source` field (compileFieldGetter's reading: a superset of what the test reads, values past
 * `ignore_above` included) and holds when one of them reads, through `reader`, as one of `keys`
 * (from tests that are exactly such a membership, value-sets.ts), or contains one of `needles`
 * (from wildcard tests: any value a glob matches contains each of its literal runs, in the glob's
 * own case folding, foldCase, which maps code points one for one).
 *
 * - AND: the parts' clauses crossed (each holds when a clause of every part does), as many parts
 *   as lower the estimated share of events picked within a bound on the clause count.
 * - OR: every part needs triggers, and the union of their clauses is kept.
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

/** Atoms that must all hold. */
export type TriggerClause = readonly TriggerAtom[];

/**
 * Clauses one of which holds on every event the query matches (an OR of ANDs); null: no
 * constraint (the query may match events holding none of the pack's trigger values).
 */
export type Triggers = readonly TriggerClause[] | null;

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

/** Past this many clauses, an AND keeps fewer of its parts (a rule's check stays cheap). */
const MAX_CLAUSES = 16;
/** Past this many atoms in a clause, an AND keeps fewer of its parts. */
const MAX_CLAUSE_ATOMS = 4;

/** A rough share of events the atom holds on: structural values are common, short needles too. */
export function atomShare(atom: TriggerAtom): number {
  const structural = STRUCTURAL_FIELDS.has(atom.field);
  const share =
    atom.kind === 'keys'
      ? atom.keys.length * (structural ? 0.3 : 0.02)
      : atom.needles.reduce((sum, needle) => sum + (needle.length >= 4 ? 0.05 : 0.3), 0) * (structural ? 3 : 1);
  return Math.min(1, share);
}

function clauseShare(clause: TriggerClause): number {
  return clause.reduce((share, atom) => share * atomShare(atom), 1);
}

/** A rough share of events some clause holds on (Infinity: unconstrained). */
export function triggerCost(triggers: Triggers): number {
  if (triggers === null) return Infinity;
  return triggers.reduce((sum, clause) => sum + clauseShare(clause), 0);
}

/**
 * AND: the clauses of the parts crossed (every pair of clauses, both holding), starting from the
 * cheapest part and adding parts while that lowers the cost within MAX_CLAUSES; null only when no
 * part has any.
 */
export function triggersOfAll(parts: readonly Triggers[]): Triggers {
  const ranked = parts.filter((part): part is readonly TriggerClause[] => part !== null).sort((a, b) => triggerCost(a) - triggerCost(b));
  let best: readonly TriggerClause[] | undefined = ranked[0];
  if (best === undefined) return null;
  for (const part of ranked.slice(1)) {
    if (best.length * part.length > MAX_CLAUSES) continue;
    const crossed: TriggerClause[] = [];
    for (const left of best) for (const right of part) crossed.push([...left, ...right]);
    if (crossed.some((clause) => clause.length > MAX_CLAUSE_ATOMS)) continue;
    if (triggerCost(crossed) < triggerCost(best)) best = crossed;
  }
  return best;
}

/** OR: the union, or null when some part is unconstrained. */
export function triggersOfAny(parts: readonly Triggers[]): Triggers {
  const clauses: TriggerClause[] = [];
  for (const part of parts) {
    if (part === null) return null;
    for (const clause of part) clauses.push(clause);
  }
  return clauses;
}

export function triggerAtom(field: string, reader: KeyReader, keys: readonly SetKey[]): Triggers {
  return [[{ kind: 'keys', field, reader, keys }]];
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
  return [[{ kind: 'substring', field, needles, caseInsensitive }]];
}
