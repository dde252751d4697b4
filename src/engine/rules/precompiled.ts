/**
 * A rule's check reduced to what a scan needs before the rule's first candidate event: the
 * literals and triggers that route events to it (the prefilter and the rule program), the fields
 * it reads, and for EQL its categories and whether it decides per event. Stored as JSON for a
 * bundled pack (the CLI's pack index, cli/pack-index.ts), so loading the pack parses and compiles
 * no query: a rule's query is compiled when an event first reaches it (detect/prepare-rule.ts),
 * and a rule no event reaches is never compiled.
 *
 * Only rules that checked `ok` are summarised; every other rule is checked as before, so its
 * messages are the checker's own. A summary is only sound for the same rule text compiled by the
 * same engine: whoever stores summaries keys them to both (the pack index is written by the build,
 * with the hash of the pack file).
 */
import { BOOLEAN_KEYS, FOLDED_KEYWORD_KEYS, FOLDED_TOKEN_KEYS, IP_KEYS, KEYWORD_KEYS, NUMBER_KEYS, TOKEN_KEYS, type KeyReader, type SetKey } from '../kql/field/value-sets.ts';
import { queryTriggerParts, queryTriggers } from '../query/compile-rule-query.ts';
import type { Requirement } from '../query/requirements.ts';
import type { TriggerAtom, Triggers } from '../query/triggers.ts';
import type { RuleCheck } from './check.ts';
import type { RuleEntry } from './model.ts';

/** Key readers by name: the module constants triggers are built from (value-sets.ts). */
const READERS: Readonly<Record<string, KeyReader>> = {
  keyword: KEYWORD_KEYS,
  foldedKeyword: FOLDED_KEYWORD_KEYS,
  number: NUMBER_KEYS,
  boolean: BOOLEAN_KEYS,
  ip: IP_KEYS,
  token: TOKEN_KEYS,
  foldedToken: FOLDED_TOKEN_KEYS,
};
const READER_NAMES = new Map<KeyReader, string>(Object.entries(READERS).map(([name, reader]) => [reader, name]));

type StoredAtom =
  | { readonly kind: 'keys'; readonly field: string; readonly reader: string; readonly keys: readonly SetKey[] }
  | { readonly kind: 'substring'; readonly field: string; readonly needles: readonly string[]; readonly caseInsensitive: boolean };

/** What a scan needs of an `ok` rule before compiling its query. Plain JSON. */
export interface RuleSummary {
  readonly requires: Requirement;
  readonly triggers: readonly (readonly StoredAtom[])[] | null;
  readonly fields: readonly string[];
  /** EQL only: the category field and the categories its event queries name; null when one is `any`. */
  readonly categories?: { readonly field: string; readonly names: readonly string[] } | null;
  /** EQL only: a plain event query without pipes, whose alerts are counted as events arrive. */
  readonly perEvent?: boolean;
  /** EQL sequences: the triggers clause by clause (queryTriggerParts); absent, the rule tests every clause. */
  readonly parts?: readonly (readonly (readonly StoredAtom[])[] | null)[];
}

/** A key JSON gives back unchanged (NaN, ±Infinity and -0 do not survive it). */
const storable = (key: SetKey) => typeof key !== 'number' || (Number.isFinite(key) && !Object.is(key, -0));

function storedTriggers(triggers: Triggers): RuleSummary['triggers'] | undefined {
  if (triggers === null) return null;
  const clauses: StoredAtom[][] = [];
  for (const clause of triggers) {
    const atoms: StoredAtom[] = [];
    for (const atom of clause) {
      if (atom.kind === 'substring') {
        atoms.push({ kind: 'substring', field: atom.field, needles: atom.needles, caseInsensitive: atom.caseInsensitive });
        continue;
      }
      const reader = READER_NAMES.get(atom.reader);
      if (reader === undefined || !atom.keys.every(storable)) return undefined;
      atoms.push({ kind: 'keys', field: atom.field, reader, keys: atom.keys });
    }
    clauses.push(atoms);
  }
  return clauses;
}

/** The triggers a summary stands for (the same readers, so the rule program shares them as before). */
export function summaryTriggers(summary: RuleSummary): Triggers {
  return loadedTriggers(summary.triggers);
}

/** A sequence summary's triggers clause by clause; undefined when not stored. */
export function summaryTriggerParts(summary: RuleSummary): readonly Triggers[] | undefined {
  return summary.parts?.map(loadedTriggers);
}

function loadedTriggers(triggers: RuleSummary['triggers']): Triggers {
  if (triggers === null) return null;
  return triggers.map((clause) =>
    clause.map((atom): TriggerAtom => {
      if (atom.kind === 'substring') return atom;
      const reader = READERS[atom.reader];
      if (reader === undefined || !Object.hasOwn(READERS, atom.reader)) throw new Error(`precompiled rule: unknown key reader '${atom.reader}'`);
      return { kind: 'keys', field: atom.field, reader, keys: atom.keys };
    }),
  );
}

/**
 * The summary of a rule that checked `ok`; undefined when the check is not `ok` or its triggers
 * cannot be stored exactly (the rule is then checked at load, as without a summary).
 */
export function summarizeCheck(check: RuleCheck): RuleSummary | undefined {
  const compiled = check.compiled;
  if (check.status !== 'ok' || compiled === undefined) return undefined;
  const triggers = storedTriggers(queryTriggers(compiled));
  if (triggers === undefined) return undefined;
  if (compiled.language !== 'eql') return { requires: compiled.filter.requires, triggers, fields: compiled.filter.fields };
  const { eql } = compiled;
  const parts = queryTriggerParts(compiled)?.map(storedTriggers);
  return {
    requires: eql.requires,
    triggers,
    fields: eql.fields,
    categories: eql.categories === null ? null : { field: eql.categories.field, names: eql.categories.names },
    perEvent: eql.kind === 'event' && eql.pipes.length === 0,
    // Parts that cannot all be stored are left out: the rule then tests every clause, as before.
    ...(parts !== undefined && parts.every((part) => part !== undefined) ? { parts: parts as NonNullable<RuleSummary['parts']> } : {}),
  };
}

/** The check of a rule whose summary was stored: `ok`, its query compiled on first use. */
export function precompiledCheck(entry: RuleEntry, summary: RuleSummary): RuleCheck {
  return { entry, status: 'ok', errors: [], summary };
}

/**
 * A checked rule as a scan holds it until an event reaches it: its summary instead of its compiled
 * query (compiled again on first use, by the same engine), so the many rules no event reaches hold
 * no compiled query (the public library compiled whole is ~60 MB of heap). Other checks unchanged.
 */
export function lazyCheck(check: RuleCheck): RuleCheck {
  const summary = check.compiled === undefined ? undefined : summarizeCheck(check);
  return summary === undefined ? check : precompiledCheck(check.entry, summary);
}
