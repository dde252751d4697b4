/**
 * A `NewTermsStore` over an in-memory `StateData`, persisted whole by a host callback. The next
 * state is computed aside and only becomes current once `persist` succeeded, so a failed write
 * leaves both the stored and the in-memory state as they were. Used by the CLI's state file and,
 * with no persistence, as the memory store.
 */
import { fromExport, toExport, validateBatch, type StateExport } from './export-format.ts';
import { applyCommit, emptyState, mergeStates, statsOf, withoutRule, type CommitResult, type RuleHistory, type RuleMeta, type ScanStateBatch, type StateData, type StateStats } from './model.ts';
import type { Runs } from './runs.ts';
import type { ImportMode, NewTermsStore } from './store.ts';

/** Stores the whole state; returns its size in bytes when known. */
export type PersistState = (data: StateData) => Promise<number | undefined>;

export class SnapshotStore implements NewTermsStore {
  #data: StateData;
  #bytes: number | undefined;
  readonly #persist: PersistState | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(initial: StateData = emptyState(), persist?: PersistState, bytes?: number) {
    this.#data = initial;
    this.#persist = persist;
    this.#bytes = bytes;
  }

  async ruleMeta(ruleId: string): Promise<(RuleMeta & { readonly terms: number }) | undefined> {
    const history = this.#data.rules.get(ruleId);
    return history && { fields: history.fields, window: history.window, terms: history.terms.size };
  }

  async load(ruleId: string, termKeys: readonly string[]): Promise<Map<string, Runs>> {
    const terms = this.#data.rules.get(ruleId)?.terms;
    const out = new Map<string, Runs>();
    for (const key of termKeys) {
      const runs = terms?.get(key);
      if (runs !== undefined) out.set(key, runs);
    }
    return out;
  }

  async loadRule(ruleId: string): Promise<RuleHistory | undefined> {
    return this.#data.rules.get(ruleId);
  }

  commit(batch: ScanStateBatch): Promise<CommitResult> {
    return this.#mutate(async (data) => {
      validateBatch(batch);
      const next = applyCommit(data, batch);
      return { next, result: { applied: next !== data } };
    });
  }

  reset(ruleId?: string): Promise<void> {
    return this.#mutate(async (data) => ({ next: ruleId === undefined ? emptyState() : withoutRule(data, ruleId), result: undefined }));
  }

  async export(): Promise<StateExport> {
    return toExport(this.#data);
  }

  import(document: unknown, mode: ImportMode): Promise<void> {
    return this.#mutate(async (data) => {
      const incoming = fromExport(document, 'import');
      return { next: mode === 'replace' ? incoming : mergeStates(data, incoming), result: undefined };
    });
  }

  async stats(): Promise<StateStats> {
    const stats = statsOf(this.#data);
    return this.#bytes === undefined ? stats : { ...stats, bytes: this.#bytes };
  }

  async close(): Promise<void> {
    await this.#queue.catch(() => undefined);
  }

  /** Runs mutations one at a time, each against the state the previous one left. */
  #mutate<T>(step: (data: StateData) => Promise<{ next: StateData; result: T }>): Promise<T> {
    const run = this.#queue.catch(() => undefined).then(async () => {
      const { next, result } = await step(this.#data);
      if (next !== this.#data) {
        if (this.#persist) this.#bytes = await this.#persist(next);
        this.#data = next;
      }
      return result;
    });
    this.#queue = run;
    return run;
  }
}
