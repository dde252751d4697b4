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
/**
 * Past this many atoms in a clause, an AND keeps fewer of its parts. An atom costs nothing until
 * its clause's anchor holds, so a rule's selective part (a process name list) should fit beside
 * the structural ones (`host.os.type`, `event.type`, `event.action`, `event.category`).
 */
const MAX_CLAUSE_ATOMS = 8;

/**
 * A rough share of events the atom holds on: structural values are common, short needles too; a
 * non-structural value or a needle of 4+ characters is rare (a name list of 30 is still under a
 * tenth of events, so an AND crosses it with the structural parts instead of stopping at them).
 */
export function atomShare(atom: TriggerAtom): number {
  const structural = STRUCTURAL_FIELDS.has(atom.field);
  // Each key or needle misses on its own: the atom misses when all do (a long list is common, never certain).
  let misses = 1;
  if (atom.kind === 'keys') misses = (1 - (structural ? 0.3 : 0.005)) ** atom.keys.length;
  else for (const needle of atom.needles) misses *= 1 - (needle.length >= 4 ? 0.01 : 0.3) * (structural ? 3 : 1);
  return Math.min(1, 1 - misses);
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

/**
 * OR: the union, or null when some part is unconstrained. One-atom clauses on the same field and
 * reader (`user.name:(a or b or …)`) become one atom holding all their keys or needles, which holds
 * exactly when one of them does: one clause instead of many, so an AND can still cross it.
 */
export function triggersOfAny(parts: readonly Triggers[]): Triggers {
  /** Clauses in order; a merged one-atom clause stands as its group until the end. */
  const clauses: (TriggerClause | Merged)[] = [];
  const groups = new Map<string, Merged>();
  for (const part of parts) {
    if (part === null) return null;
    for (const clause of part) {
      const atom = clause.length === 1 ? clause[0]! : undefined;
      if (atom === undefined) {
        clauses.push(clause);
        continue;
      }
      const key = atom.kind === 'keys' ? `k\u0000${atom.field}` : `s\u0000${atom.field}\u0000${atom.caseInsensitive}`;
      const group = groups.get(key);
      if (group !== undefined && (atom.kind !== 'keys' || (group.atom.kind === 'keys' && group.atom.reader === atom.reader))) {
        for (const value of atom.kind === 'keys' ? atom.keys : atom.needles) group.values.add(value);
        continue;
      }
      const merged: Merged = { atom, values: new Set(atom.kind === 'keys' ? atom.keys : atom.needles) };
      // A second reader on one field stays a clause of its own.
      if (group === undefined) groups.set(key, merged);
      clauses.push(merged);
    }
  }
  return clauses.map((clause) => (isClause(clause) ? clause : [mergedAtom(clause)]));
}

/** One-atom clauses of one field and reader (or case mode) being merged: the first atom, and every key or needle. */
interface Merged {
  readonly atom: TriggerAtom;
  readonly values: Set<SetKey>;
}

const isClause = (clause: TriggerClause | Merged): clause is TriggerClause => Array.isArray(clause);

function mergedAtom({ atom, values }: Merged): TriggerAtom {
  return atom.kind === 'keys' ? { ...atom, keys: [...values] } : { ...atom, needles: [...values] as string[] };
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
