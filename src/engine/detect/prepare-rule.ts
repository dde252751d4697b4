/**
 * Everything about a rule that does not depend on events, done once per scan: its check
 * (schema + compiled query), Kibana filters, exceptions, index patterns, time field, schedule,
 * and the evaluator of its type. A rule that cannot run comes back with status error or
 * unsupported and the reasons; nothing here throws.
 */
import { DslError } from '../dsl/errors.ts';
import { compileKibanaFilters } from '../dsl/kibana-filters.ts';
import { eqlCategories, type EqlCategories } from '../eql/compile.ts';
import { compileExceptions } from '../exceptions/compile.ts';
import type { EventDoc } from '../query/event.ts';
import { compileRuleQuery, queryTriggerParts, queryTriggers, type CompiledRuleQuery } from '../query/compile-rule-query.ts';
import { allOf, NO_REQUIREMENT, type Requirement } from '../query/requirements.ts';
import type { Triggers } from '../query/triggers.ts';
import { summaryTriggerParts, summaryTriggers } from '../rules/precompiled.ts';
import { compileIndexPatterns, DEFAULT_SECURITY_INDEX_PATTERNS } from '../router/index-patterns.ts';
import { checkRule, type RuleCheck, type RuleStatus } from '../rules/check.ts';
import type { RuleEntry } from '../rules/model.ts';
import { compileRuleTime, type EventTimeReader } from './event-time.ts';
import { createEqlEvaluator } from './rule-types/eql.ts';
import type { RuleEvaluator } from './rule-types/evaluator.ts';
import { createEventQueryEvaluator } from './rule-types/event-query.ts';
import { createNewTermsEvaluator } from './rule-types/new-terms.ts';
import { createThresholdEvaluator } from './rule-types/threshold.ts';
import { offsetBeforeNow, ruleSchedule, type RuleSchedule } from './schedule.ts';
import type { BufferBudget } from './window-buffer.ts';
import { appendAll } from '../append-all.ts';

interface RuleIdentity {
  readonly entry: RuleEntry;
  readonly ruleId: string;
  readonly name: string;
  readonly type: string;
  readonly messages: string[];
}

export interface RunnableRule extends RuleIdentity {
  readonly status: 'ok';
  readonly schedule: RuleSchedule;
  /** Whether the rule's index patterns select an index (memoised per index name). */
  readonly routes: (index: string) => boolean;
  /** Query (or, for EQL, any clause) AND the rule's Kibana filters. */
  readonly matches: (event: EventDoc) => boolean;
  /** Literals the raw JSON of every event `matches` accepts must contain (for the prefilter). */
  readonly requires: Requirement;
  /** Field values one of which every event `matches` accepts holds (the rule program's dispatch; null: none known). */
  readonly triggers: Triggers;
  /**
   * EQL sequences: `triggers` clause by clause (`until` last), and `matches` testing only the
   * clauses set in `parts` (bit i: clause i), the program having shown the others cannot match.
   */
  readonly triggerParts?: readonly Triggers[];
  readonly matchesParts?: (event: EventDoc, parts: number) => boolean;
  /** Fields the query reads (for EQL, every clause's, join keys and category included); empty when it reads none. */
  readonly fields: readonly string[];
  /**
   * EQL rules: the categories the query names, null for `any` (for `eventsOfCategory`); absent for
   * other languages. `ofCategory` is the same test on one event, for hosts that count elsewhere.
   */
  readonly categories?: EqlCategories | null;
  readonly ofCategory?: (event: EventDoc) => boolean;
  /** The rule's exception lists exclude the event. */
  readonly excepted: (event: EventDoc) => boolean;
  readonly time: EventTimeReader;
  readonly evaluator: RuleEvaluator;
}

export interface IdleRule extends RuleIdentity {
  readonly status: Exclude<RuleStatus, 'ok'>;
}

export type DetectorRule = RunnableRule | IdleRule;

export interface PrepareOptions {
  /** Epoch ms standing for `now` in filter date math and exception `expire_time`. */
  readonly now: number;
  /** The rule's check when the caller already ran it (`loupe scan` checks every rule first): not compiled twice. */
  readonly check?: RuleCheck;
  /** EQL sequences and samples, threshold: events buffered before windows are judged early (default WINDOW_BUFFER_LIMIT). */
  readonly windowBufferLimit?: number;
  /** The scan's budget of buffered events, shared by every rule's window buffer. */
  readonly budget?: BufferBudget;
}

type Failure = { readonly status: 'error' | 'unsupported'; readonly message: string };

export function prepareDetectorRule(entry: RuleEntry, options: PrepareOptions): DetectorRule {
  const { rule } = entry;
  const identity: RuleIdentity = { entry, ruleId: rule.rule_id ?? '', name: rule.name ?? '', type: rule.type ?? '', messages: [] };
  const check = options.check?.entry === entry ? options.check : checkRule(entry);
  if (check.status === 'error') {
    return { ...identity, status: 'error', messages: check.errors.map((issue) => `${entry.source.file}:${issue.line}:${issue.column}: ${issue.message}`) };
  }
  const facts = check.status === 'ok' ? queryFacts(check) : undefined;
  if (check.status === 'unsupported' || facts === undefined) {
    return { ...identity, status: 'unsupported', messages: [check.reason ?? 'Loupe cannot run this rule'] };
  }
  const messages = identity.messages;
  const { schedule, messages: scheduleMessages } = ruleSchedule(rule);
  appendAll(messages, scheduleMessages);

  const filters = kibanaFilters(entry, options.now);
  if ('status' in filters) return { ...identity, status: filters.status, messages: [filters.message] };
  const exceptions = compileExceptions(entry.exceptionLists, { now: options.now, onWarning: (warning) => messages.push(`exception ${warning.listId}/${warning.itemId}: ${warning.message}`) });
  for (const missing of entry.missingExceptionLists) {
    messages.push(`exception list ${missing.list_id} was not loaded: its exceptions are not applied`);
  }
  const query = compiledQuery(entry, check);
  const evaluator = evaluatorFor(entry, facts.eql === undefined ? undefined : { query, perEvent: facts.eql.perEvent, lazy: check.compiled === undefined }, schedule, options);
  if ('status' in evaluator) return { ...identity, status: evaluator.status, messages: [evaluator.message] };

  const matcher = () => {
    const matches = queryMatcher(query());
    return filters.matches === undefined ? matches : (event: EventDoc) => matches(event) && filters.matches!(event);
  };
  const partsMatcher = () => {
    const compiled = query();
    if (compiled.language !== 'eql' || compiled.eql.kind !== 'sequence') throw new Error(`rule ${identity.ruleId}: trigger parts for a query that is not a sequence`);
    const some = compiled.eql.matchesSome;
    return filters.matches === undefined ? some : (event: EventDoc, parts: number) => some(event, parts) && filters.matches!(event);
  };
  const runnable: Writable<RunnableRule> = {
    ...identity,
    status: 'ok',
    schedule,
    routes: indexRouter(entry, messages),
    // A precompiled rule's query is compiled when an event first reaches it: the rule then swaps in its matcher.
    matches:
      check.compiled !== undefined
        ? matcher()
        : (event) => {
            runnable.matches = matcher();
            return runnable.matches(event);
          },
    requires: allOf([facts.requires, filters.requires]),
    // The query's triggers serve the conjunction with the filters as they are.
    triggers: facts.triggers,
    ...(facts.triggerParts !== undefined
      ? {
          triggerParts: facts.triggerParts,
          matchesParts:
            check.compiled !== undefined
              ? partsMatcher()
              : (event: EventDoc, parts: number) => {
                  runnable.matchesParts = partsMatcher();
                  return runnable.matchesParts(event, parts);
                },
        }
      : {}),
    fields: facts.fields,
    ...(facts.eql !== undefined ? categoryTests(facts.eql.categories) : {}),
    excepted: exceptions === null ? () => false : exceptions.matches,
    time: compileRuleTime(rule),
    evaluator: evaluator.evaluator,
  };
  return runnable;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** What routes events to a rule, from its compiled query or its precompiled summary. */
interface QueryFacts {
  readonly requires: Requirement;
  readonly triggers: Triggers;
  readonly triggerParts?: readonly Triggers[];
  readonly fields: readonly string[];
  readonly eql?: { readonly categories: EqlCategories | null; readonly perEvent: boolean };
}

function queryFacts(check: RuleCheck): QueryFacts | undefined {
  const { compiled, summary } = check;
  if (compiled !== undefined) {
    const triggers = queryTriggers(compiled);
    if (compiled.language !== 'eql') return { requires: compiled.filter.requires, triggers, fields: compiled.filter.fields };
    const { eql } = compiled;
    const triggerParts = queryTriggerParts(compiled);
    return { requires: eql.requires, triggers, ...(triggerParts !== undefined ? { triggerParts } : {}), fields: eql.fields, eql: { categories: eql.categories, perEvent: eql.kind === 'event' && eql.pipes.length === 0 } };
  }
  if (summary === undefined) return undefined;
  const { requires, fields, categories } = summary;
  const eql = categories === undefined ? undefined : { categories: categories === null ? null : eqlCategories(categories.field, categories.names), perEvent: summary.perEvent === true };
  const triggerParts = summaryTriggerParts(summary);
  return { requires, triggers: summaryTriggers(summary), ...(triggerParts !== undefined ? { triggerParts } : {}), fields, ...(eql !== undefined ? { eql } : {}) };
}

/**
 * Queries compiled on first use, by check: every rule prepared from one check (a scan's detector and
 * the reader in the same thread, `loupe scan --jobs N`) shares one compiled query, as they share
 * `check.compiled` when the check has one.
 */
const compiledOnUse = new WeakMap<RuleCheck, CompiledRuleQuery>();

/** The rule's compiled query: the check's, or for a precompiled rule compiled on first use. */
function compiledQuery(entry: RuleEntry, check: RuleCheck): () => CompiledRuleQuery {
  // Only for the check's own rule (a caller could pair a check with another entry).
  const shared = check.entry === entry;
  let compiled = check.compiled ?? (shared ? compiledOnUse.get(check) : undefined);
  return () => {
    if (shared) compiled ??= compiledOnUse.get(check);
    if (compiled === undefined) {
      const result = compileRuleQuery(entry.rule);
      // The summary was made from this very text by this engine (rules/precompiled.ts): anything else is a bug.
      if (result.status !== 'ok') throw new Error(`rule ${entry.rule.rule_id ?? ''}: precompiled as runnable, but its query does not compile (${result.status})`);
      const { status: _status, ...query } = result;
      compiled = query;
      if (shared) compiledOnUse.set(check, query);
    }
    return compiled;
  };
}

function categoryTests(categories: EqlCategories | null): Pick<RunnableRule, 'categories' | 'ofCategory'> {
  if (categories === null) return { categories, ofCategory: () => true };
  const { values, includes } = categories;
  return { categories, ofCategory: (event) => includes(values(event)) };
}

function kibanaFilters(entry: RuleEntry, now: number): { matches: ((event: EventDoc) => boolean) | undefined; requires: Requirement } | Failure {
  const filters = entry.rule.filters;
  if (filters === undefined || filters.length === 0) return { matches: undefined, requires: NO_REQUIREMENT };
  try {
    const compiled = compileKibanaFilters(filters, { now });
    return { matches: compiled.matches, requires: compiled.requires };
  } catch (error) {
    if (error instanceof DslError) return { status: error.kind === 'unsupported' ? 'unsupported' : 'error', message: `filters: ${error.message}` };
    return { status: 'error', message: `filters: internal error: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** What the rule's search selects before exceptions: the query, or for EQL any clause of it. */
function queryMatcher(compiled: CompiledRuleQuery): (event: EventDoc) => boolean {
  if (compiled.language !== 'eql') return compiled.filter.matches;
  const eql = compiled.eql;
  if (eql.kind === 'event') return eql.filter.matches;
  // A sequence keeps what its clauses' tests found for the evaluator's readSequenceInput.
  if (eql.kind === 'sequence') return eql.matchesAny;
  const clauses = eql.clauses.map((clause) => clause.filter.matches);
  return (event) => clauses.some((matches) => matches(event));
}

interface EqlQueryOf {
  readonly query: () => CompiledRuleQuery;
  /** A plain event query without pipes (alerts counted as events arrive). */
  readonly perEvent: boolean;
  /** Compile on the first event (a precompiled rule). */
  readonly lazy: boolean;
}

function evaluatorFor(entry: RuleEntry, eql: EqlQueryOf | undefined, schedule: RuleSchedule, { windowBufferLimit, budget }: PrepareOptions): { evaluator: RuleEvaluator } | Failure {
  const { rule } = entry;
  if (eql !== undefined) {
    const create = () => {
      const compiled = eql.query();
      if (compiled.language !== 'eql') throw new Error(`rule ${rule.rule_id ?? ''}: precompiled as EQL, but compiled as ${compiled.language}`);
      return createEqlEvaluator(compiled.eql, schedule, windowBufferLimit, budget);
    };
    return { evaluator: eql.lazy ? lazyEvaluator(create, eql.perEvent) : create() };
  }
  switch (rule.type) {
    case 'query':
    case 'saved_query':
      return { evaluator: createEventQueryEvaluator(schedule) };
    case 'new_terms': {
      const historyMs = offsetBeforeNow(rule.history_window_start ?? '');
      if (historyMs === undefined || historyMs === 0) {
        return { status: 'unsupported', message: `history_window_start "${rule.history_window_start ?? ''}" cannot be replayed in event time (expected now-<n><s|m|h|d|w>)` };
      }
      return { evaluator: createNewTermsEvaluator({ ruleId: rule.rule_id ?? '', fields: rule.new_terms_fields ?? [], historyMs, schedule }) };
    }
    case 'threshold':
      return { evaluator: createThresholdEvaluator(rule.threshold!, schedule, windowBufferLimit, budget) };
    default:
      return { status: 'unsupported', message: `rule type ${rule.type ?? '(none)'} is not run by the detector` };
  }
}

/**
 * An EQL evaluator made on the first event (its query compiled then), whose methods then forward
 * to it. A rule no event reached finishes as an EQL evaluator that was given no event does.
 */
function lazyEvaluator(create: () => RuleEvaluator, perEvent: boolean): RuleEvaluator {
  let real: RuleEvaluator | undefined;
  return {
    add(event, source, index, time, keep) {
      (real ??= create()).add(event, source, index, time, keep);
    },
    read: (event, source, index, time) => (real ??= create()).read(event, source, index, time),
    keepsEvent: (read) => (real ??= create()).keepsEvent(read),
    addRead(read, source, index, time, text) {
      (real ??= create()).addRead(read, source, index, time, text);
    },
    alertsSoFar: () => (real !== undefined ? real.alertsSoFar() : perEvent ? 0 : undefined),
    finish: (context) => (real !== undefined ? real.finish(context) : Promise.resolve({ detections: [], executions: 0, duplicates: 0, messages: [], warnings: [] })),
  };
}

function indexRouter(entry: RuleEntry, messages: string[]): (index: string) => boolean {
  let patterns = entry.rule.index;
  if (patterns === undefined || patterns.length === 0) {
    if (entry.rule.data_view_id !== undefined) {
      messages.push(`data view ${entry.rule.data_view_id} is not known offline: using Kibana's default security index patterns`);
    }
    patterns = DEFAULT_SECURITY_INDEX_PATTERNS;
  }
  return sharedRouter(patterns);
}

/** Memoised index tests, shared by rules with the same patterns (most of a library shares a few dozen lists). */
const ROUTERS = new Map<string, (index: string) => boolean>();
/** Bounds on the memos of a long-lived worker that sees many packs and index names. */
const ROUTERS_KEPT = 4096;
const INDEXES_KEPT = 4096;

function sharedRouter(patterns: readonly string[]): (index: string) => boolean {
  const key = patterns.join('\u0000');
  let router = ROUTERS.get(key);
  if (router !== undefined) return router;
  const matcher = compileIndexPatterns(patterns);
  const cache = new Map<string, boolean>();
  router = (index) => {
    let selected = cache.get(index);
    if (selected === undefined) {
      if (cache.size >= INDEXES_KEPT) cache.clear();
      cache.set(index, (selected = matcher(index)));
    }
    return selected;
  };
  if (ROUTERS.size >= ROUTERS_KEPT) ROUTERS.clear();
  ROUTERS.set(key, router);
  return router;
}
