import type { StateExport } from './export-format.ts';
import type { CommitResult, RuleHistory, RuleMeta, ScanStateBatch, StateStats } from './model.ts';
import type { Runs } from './runs.ts';

export type ImportMode = 'merge' | 'replace';

/**
 * Where new-terms history lives between scans. One contract, one host each: IndexedDB in the
 * browser (`src/workers/state-idb.ts`), a file in the CLI (`src/cli/state-file.ts`), memory in
 * tests. Every method is atomic: after a failure (thrown error, crash, closed tab) the state is
 * what it was before the call. Mutations are applied in call order.
 *
 * Intended use by a scan: read `ruleMeta` to check fields and window; accumulate sightings in
 * memory (`RuleSightings`); `load` the history of the terms the scan saw; decide verdicts from
 * history plus the scan's runs; `commit` the scan's runs once at the end (or in numbered parts).
 * Committed sightings are a union, so a repeated or partial commit never changes a verdict.
 */
export interface NewTermsStore {
  /** A rule's fields and window, with its term count; undefined when it has no history. */
  ruleMeta(ruleId: string): Promise<(RuleMeta & { readonly terms: number }) | undefined>;
  /** Stored runs of the given term keys of a rule; keys without history are absent. */
  load(ruleId: string, termKeys: readonly string[]): Promise<Map<string, Runs>>;
  /** A rule's whole history; undefined when it has none. */
  loadRule(ruleId: string): Promise<RuleHistory | undefined>;
  /** Adds a batch all-or-nothing; a `(scanId, part)` committed before is skipped. */
  commit(batch: ScanStateBatch): Promise<CommitResult>;
  /** Forgets one rule's history, or everything (history and the committed-scan ledger). */
  reset(ruleId?: string): Promise<void>;
  export(): Promise<StateExport>;
  /** Validates an untrusted document, then merges it in (union) or replaces all state with it. */
  import(document: unknown, mode: ImportMode): Promise<void>;
  stats(): Promise<StateStats>;
  close(): Promise<void>;
}
