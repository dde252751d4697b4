/**
 * EQL compiler: turns a parsed query into closures once per rule, and runs them over events.
 * Semantics are Elasticsearch 8.x/9.x (see compile-condition.ts for null/missing handling,
 * sequence.ts for sequence matching).
 */
import type { FieldGetter } from '../fields/access.ts';
import { ECS_SCHEMA, type FieldSchema } from '../fields/schema.ts';
import type { CompiledFilter } from '../query/compiled.ts';
import type { EventDoc } from '../query/event.ts';
import { anyOf, type Requirement } from '../query/requirements.ts';
import type { EqlQuery, EventQuery, FieldRef, Pipe, Sample, Sequence, SequenceClause } from './ast.ts';
import { CompileContext } from './context.ts';
import { categoryTest, compileEventFilter } from './event-filter.ts';
import { compileKeyReader, type KeyReader } from './join-keys.ts';
import { compareOrdinals, compileOrdinalReader, type Ordinal, type OrdinalReader } from './ordinal.ts';
import { applyPipes } from './pipes.ts';
import { createSampleState, type SampleState } from './sample.ts';
import {
  compareSequenceMatches,
  createSequenceMachine,
  createClauseReader,
  createSequenceState,
  type SequenceInput,
  type SequenceMachine,
  type SequencePlan,
  type SequenceState,
} from './sequence.ts';
import type { EqlValue } from './values.ts';
import { appendAll } from '../append-all.ts';

export interface EqlOptions {
  /** Field types (default: ECS plus Elastic Defend fields). */
  readonly schema?: FieldSchema;
  readonly eventCategoryField?: string;
  readonly timestampField?: string;
  readonly tiebreakerField?: string;
  /** The query text, so compile errors can report line:column. */
  readonly text?: string;
}

/**
 * For scan statistics and as a pre-test: an event none of whose category values `includes` cannot
 * match any event query of the query.
 */
export interface EqlCategories {
  /** The category field (`event.category` or the rule's override) and its indexed values. */
  readonly field: string;
  /** The categories named, without duplicates. */
  readonly names: readonly string[];
  readonly values: FieldGetter;
  readonly includes: (values: ReturnType<FieldGetter>) => boolean;
}

type Common = Pick<CompiledCommon, 'pipes' | 'ordinal' | 'categories'>;

interface CompiledCommon {
  readonly pipes: readonly Pipe[];
  /** Literals any event relevant to the query must contain (for sequences: any of the clauses'). */
  readonly requires: Requirement;
  /** Field names read by the query (conditions, keys, category), without duplicates. */
  readonly fields: readonly string[];
  readonly ordinal: OrdinalReader;
  /** The categories the query's event queries name (clauses and `until`); null when one is `any`. */
  readonly categories: EqlCategories | null;
}

export interface CompiledEventEql extends CompiledCommon {
  readonly kind: 'event';
  readonly filter: CompiledFilter;
}

export interface CompiledClause {
  readonly filter: CompiledFilter;
  readonly keyFields: readonly string[];
  readonly missing: boolean;
}

export interface CompiledSequenceEql extends CompiledCommon {
  readonly kind: 'sequence';
  /** One per stage after `with runs` expansion. */
  readonly clauses: readonly CompiledClause[];
  readonly until: CompiledClause | null;
  readonly maxspanMillis: number | null;
  createSequenceState(): SequenceState;
  /** Whether any clause (or `until`) matches the event: what the rule's search selects. */
  matchesAny(event: EventDoc): boolean;
  /** `matchesAny` over the clauses set in `clauses` (bit i: clause i, `until` after the clauses); the others cannot match. */
  matchesSome(event: EventDoc, clauses: number): boolean;
  /**
   * The clauses (and `until`) an event matches, with their join keys, for `createSequenceMachine`;
   * the clause tests `matchesAny` just ran on the same event are reused.
   */
  readSequenceInput(event: EventDoc): Pick<SequenceInput<never>, 'stageKeys' | 'untilKeys'>;
  /** The matcher over events read once by `readSequenceInput` (a caller replaying windows reads each event once). */
  createSequenceMachine<T>(): SequenceMachine<T>;
}

export interface CompiledSampleEql extends CompiledCommon {
  readonly kind: 'sample';
  readonly clauses: readonly CompiledClause[];
  createSampleState(): SampleState;
}

export type CompiledEql = CompiledEventEql | CompiledSequenceEql | CompiledSampleEql;

export function compileEql(query: EqlQuery, options: EqlOptions = {}): CompiledEql {
  const context = new CompileContext(options.schema ?? ECS_SCHEMA, options.text ?? '');
  const categoryField = options.eventCategoryField ?? 'event.category';
  const ordinal = compileOrdinalReader(options.timestampField ?? '@timestamp', options.tiebreakerField);
  const body = query.body;
  const common = { pipes: query.pipes, ordinal, categories: queryCategories(eventQueries(body), context, categoryField) };
  const event = (eventQuery: EventQuery) => compileEventFilter(eventQuery, context, categoryField);
  switch (body.type) {
    case 'event': {
      const filter = event(body);
      return { kind: 'event', filter, requires: filter.requires, fields: filter.fields, ...common };
    }
    case 'sequence':
      return compileSequence(body, context, event, common);
    case 'sample':
      return compileSample(body, context, event, common);
  }
}

/** The event queries of a query body: the body itself, or its clauses (and `until`). */
export function eventQueries(body: EqlQuery['body']): EventQuery[] {
  switch (body.type) {
    case 'event':
      return [body];
    case 'sequence':
      return [...body.clauses, ...(body.until ? [body.until] : [])].map((clause) => clause.query);
    case 'sample':
      return body.clauses.map((clause) => clause.query);
  }
}

function queryCategories(queries: readonly EventQuery[], context: CompileContext, categoryField: string): EqlCategories | null {
  const categories = queries.map((query) => query.category);
  if (categories.includes(null)) return null;
  return eqlCategories(categoryField, [...new Set(categories as string[])], context);
}

/** The categories test of a query naming `names` in `field` (also rebuilt from a stored summary, rules/precompiled.ts). */
export function eqlCategories(field: string, names: readonly string[], context = new CompileContext(ECS_SCHEMA, '')): EqlCategories {
  return { field, names, values: context.field(field).values, includes: categoryTest(names) };
}

/** A sequence's stages: each clause repeated `runs` times, as the matcher and its results count them. */
export function sequenceStages(body: Sequence): SequenceClause[] {
  return body.clauses.flatMap((clause) => Array.from({ length: Math.max(1, clause.runs) }, () => clause));
}

function mergeFields(clauses: readonly CompiledClause[]): string[] {
  const fields: string[] = [];
  for (const clause of clauses) for (const name of [...clause.filter.fields, ...clause.keyFields]) if (!fields.includes(name)) fields.push(name);
  return fields;
}

function checkKeyCounts(owner: { readonly start?: number }, lists: readonly (readonly FieldRef[])[], context: CompileContext): void {
  const count = lists[0]?.length ?? 0;
  const offender = lists.findIndex((list) => list.length !== count);
  if (offender >= 0) throw context.error(`every clause must have the same number of join keys (${count}), clause ${offender + 1} has ${lists[offender]!.length}`, owner);
}

function compileSequence(
  body: Sequence,
  context: CompileContext,
  event: (query: EventQuery) => CompiledFilter,
  common: Common,
): CompiledSequenceEql {
  const expanded = sequenceStages(body);
  const keyLists = [...expanded, ...(body.until ? [body.until] : [])].map((clause) => [...body.by, ...clause.by]);
  checkKeyCounts(body, keyLists, context);
  if (!expanded.some((clause) => !clause.missing)) throw context.error('a sequence needs at least one clause that is not a missing event', body);
  // Clauses keyed by the same fields share one reader, which the clause reader then calls once per event.
  const readers = new Map<string, KeyReader>();
  const readerOf = (keys: readonly FieldRef[]) => {
    const signature = JSON.stringify(keys.map((key) => [key.name, key.optional]));
    let reader = readers.get(signature);
    if (reader === undefined) readers.set(signature, (reader = compileKeyReader(keys, context)));
    return reader;
  };
  const compileClause = (clause: SequenceClause, keys: readonly FieldRef[]) => {
    const compiled: CompiledClause = { filter: event(clause.query), keyFields: keys.map((key) => key.name), missing: clause.missing };
    return { compiled, reader: readerOf(keys) };
  };
  const stages = expanded.map((clause, index) => compileClause(clause, keyLists[index]!));
  const until = body.until ? compileClause(body.until, keyLists[keyLists.length - 1]!) : null;
  const maxspanMillis = body.maxspan?.millis ?? null;
  const plan: SequencePlan = {
    stages: stages.map(({ compiled, reader }) => ({ filter: compiled.filter, keys: reader, missing: compiled.missing })),
    until: until ? { filter: until.compiled.filter, keys: until.reader } : null,
    maxspan: maxspanMillis,
    ordinal: common.ordinal,
  };
  const clauses = stages.map((stage) => stage.compiled);
  const all = until ? [...clauses, until.compiled] : clauses;
  const reader = createClauseReader(plan);
  return {
    kind: 'sequence',
    clauses,
    until: until?.compiled ?? null,
    maxspanMillis,
    requires: anyOf(all.map((clause) => clause.filter.requires)),
    fields: mergeFields(all),
    createSequenceState: () => createSequenceState(plan),
    matchesAny: reader.matchesAny,
    matchesSome: reader.matchesSome,
    readSequenceInput: reader.read,
    createSequenceMachine: () => createSequenceMachine(plan),
    ...common,
  };
}

function compileSample(
  body: Sample,
  context: CompileContext,
  event: (query: EventQuery) => CompiledFilter,
  common: Common,
): CompiledSampleEql {
  const keyLists = body.clauses.map((clause) => [...body.by, ...clause.by]);
  checkKeyCounts(body, keyLists, context);
  const stages = body.clauses.map((clause, index) => ({
    compiled: { filter: event(clause.query), keyFields: keyLists[index]!.map((key) => key.name), missing: false },
    reader: compileKeyReader(keyLists[index]!, context),
  }));
  const clauses = stages.map((stage) => stage.compiled);
  return {
    kind: 'sample',
    clauses,
    requires: anyOf(clauses.map((clause) => clause.filter.requires)),
    fields: mergeFields(clauses),
    createSampleState: () => createSampleState(stages.map(({ compiled, reader }) => ({ filter: compiled.filter, keys: reader }))),
    ...common,
  };
}

/** One result: a single event for event queries, the events of a sequence (null = missing event) or sample. */
export interface EqlMatch {
  readonly events: readonly (EventDoc | null)[];
  readonly joinKeys: readonly EqlValue[];
}

/**
 * Batch run, as an EQL search returns results: events sorted by (timestamp, tiebreaker), stable for
 * ties; events without a timestamp are ignored; results ascending, then `head`/`tail` applied
 * (counting sequences, not events). No implicit size cap: callers apply their own (`size`, `max_signals`).
 */
export function runEql(compiled: CompiledEql, events: readonly EventDoc[]): EqlMatch[] {
  const ordered = events
    .map((event, index) => ({ event, ordinal: compiled.ordinal(event, index) }))
    .filter((entry): entry is { event: EventDoc; ordinal: Ordinal } => entry.ordinal !== null)
    .sort((a, b) => compareOrdinals(a.ordinal, b.ordinal))
    .map((entry) => entry.event);
  switch (compiled.kind) {
    case 'event': {
      const matches = ordered.filter((event) => compiled.filter.matches(event)).map((event) => ({ events: [event], joinKeys: [] }));
      return applyPipes(matches, compiled.pipes);
    }
    case 'sequence': {
      const state = compiled.createSequenceState();
      const found = ordered.flatMap((event) => state.push(event));
      appendAll(found, state.flush());
      found.sort(compareSequenceMatches);
      return applyPipes(found, compiled.pipes).map(({ events, joinKeys }) => ({ events, joinKeys }));
    }
    case 'sample': {
      const state = compiled.createSampleState();
      const found = ordered.flatMap((event) => state.push(event));
      appendAll(found, state.flush());
      return applyPipes(found, compiled.pipes);
    }
  }
}
