/**
 * The new-terms history as plain data, and the pure operations every host applies to it. Hosts
 * differ only in where the data lives; what a commit or an import does is decided here once.
 */
import { StateConflictError } from './errors.ts';
import { mergeRuns, normalizeRuns, type Runs } from './runs.ts';

/** What a rule's stored runs mean: which fields the term keys hold, and the gap they were merged with. */
export interface RuleMeta {
  readonly fields: readonly string[];
  /**
   * History window (ms) the runs were merged with: no hole inside a run is wider. It only grows
   * (see `mergeRuleMeta`), so answers are exact for any rule window at least this long.
   */
  readonly window: number;
}

export interface RuleHistory extends RuleMeta {
  readonly terms: ReadonlyMap<string, Runs>;
}

export interface StateData {
  readonly rules: ReadonlyMap<string, RuleHistory>;
  /** Committed scans: scan id to the batch numbers (`part`) already applied, ascending. */
  readonly scans: ReadonlyMap<string, readonly number[]>;
}

/** One rule's sightings from one scan (or one batch of it). */
export interface RuleBatch {
  readonly ruleId: string;
  readonly fields: readonly string[];
  /** The rule's history window now, in ms (`to - history_window_start`). */
  readonly window: number;
  /** Term key to the runs seen in this batch, merged with `window` (see `RuleSightings`). */
  readonly terms: ReadonlyMap<string, Runs>;
}

/**
 * Everything one scan (or one numbered part of it) saw, committed all-or-nothing. Committing the
 * same `(scanId, part)` twice is a no-op.
 */
export interface ScanStateBatch {
  readonly scanId: string;
  /** Batch number within the scan when it commits in several parts; 0 when omitted. */
  readonly part?: number;
  readonly rules: readonly RuleBatch[];
}

export interface CommitResult {
  /** False when this `(scanId, part)` had been committed before and nothing changed. */
  readonly applied: boolean;
}

export interface StateStats {
  readonly rules: number;
  readonly terms: number;
  readonly runs: number;
  readonly scans: number;
  /** Size of the stored document in bytes, where the host can tell cheaply. */
  readonly bytes?: number;
}

export function emptyState(): StateData {
  return { rules: new Map(), scans: new Map() };
}

/**
 * The rule meta after adding history recorded with `incoming`. A different field list is a
 * conflict: its term keys mean something else. The stored window only grows: a longer window
 * re-merges runs more coarsely and stays exact for itself; after a shorter one the old runs keep
 * holes up to the old window, which nothing can split again, so the larger value stays as the
 * honest bound (`answersExactly` then reports the loss; reset the rule to start over).
 */
export function mergeRuleMeta(ruleId: string, existing: RuleMeta | undefined, incoming: RuleMeta): RuleMeta {
  if (existing === undefined) return { fields: [...incoming.fields], window: incoming.window };
  if (!sameFields(existing.fields, incoming.fields)) {
    throw new StateConflictError(
      `rule ${JSON.stringify(ruleId)}: stored history is for fields [${existing.fields.join(', ')}] ` +
        `but the new history is for [${incoming.fields.join(', ')}]; reset this rule's state first`,
    );
  }
  return { fields: existing.fields, window: Math.max(existing.window, incoming.window) };
}

/** One term's runs after a merge; `window` is the merged rule meta's window. */
export function mergeTermRuns(existing: Runs | undefined, incoming: Runs, window: number): Runs {
  return mergeRuns(existing ?? [], incoming, window);
}

/**
 * True when a merge widened the rule's window: every stored term must then be re-merged, so
 * stored runs stay canonical for their window (what an export and re-import reproduce exactly).
 */
export function windowGrew(existing: RuleMeta | undefined, merged: RuleMeta): boolean {
  return existing !== undefined && merged.window > existing.window;
}

export function isCommitted(scans: ReadonlyMap<string, readonly number[]>, scanId: string, part: number): boolean {
  return scans.get(scanId)?.includes(part) ?? false;
}

export function withPart(parts: readonly number[] | undefined, part: number): number[] {
  return [...new Set([...(parts ?? []), part])].sort((a, b) => a - b);
}

/** Applies a (validated) batch; returns the same object when it was committed before. */
export function applyCommit(data: StateData, batch: ScanStateBatch): StateData {
  const part = batch.part ?? 0;
  if (isCommitted(data.scans, batch.scanId, part)) return data;
  const rules = new Map(data.rules);
  for (const ruleBatch of batch.rules) {
    rules.set(ruleBatch.ruleId, mergeRuleHistory(ruleBatch.ruleId, rules.get(ruleBatch.ruleId), ruleBatch));
  }
  const scans = new Map(data.scans);
  scans.set(batch.scanId, withPart(scans.get(batch.scanId), part));
  return { rules, scans };
}

/** Union of two states (import in merge mode): same result in either order. */
export function mergeStates(base: StateData, other: StateData): StateData {
  const rules = new Map(base.rules);
  for (const [ruleId, history] of other.rules) rules.set(ruleId, mergeRuleHistory(ruleId, rules.get(ruleId), history));
  const scans = new Map(base.scans);
  for (const [scanId, parts] of other.scans) scans.set(scanId, [...new Set([...(scans.get(scanId) ?? []), ...parts])].sort((a, b) => a - b));
  return { rules, scans };
}

export function withoutRule(data: StateData, ruleId: string): StateData {
  if (!data.rules.has(ruleId)) return data;
  const rules = new Map(data.rules);
  rules.delete(ruleId);
  return { rules, scans: data.scans };
}

export function statsOf(data: StateData): Omit<StateStats, 'bytes'> {
  let terms = 0;
  let runs = 0;
  for (const history of data.rules.values()) {
    terms += history.terms.size;
    for (const termRuns of history.terms.values()) runs += termRuns.length;
  }
  return { rules: data.rules.size, terms, runs, scans: data.scans.size };
}

function mergeRuleHistory(ruleId: string, existing: RuleHistory | undefined, incoming: RuleMeta & { readonly terms: ReadonlyMap<string, Runs> }): RuleHistory {
  const meta = mergeRuleMeta(ruleId, existing, incoming);
  const terms = new Map(existing?.terms);
  if (windowGrew(existing, meta)) for (const [key, runs] of terms) terms.set(key, normalizeRuns(runs, meta.window));
  for (const [key, runs] of incoming.terms) terms.set(key, mergeTermRuns(terms.get(key), runs, meta.window));
  return { ...meta, terms };
}

function sameFields(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((field, index) => field === b[index]);
}
