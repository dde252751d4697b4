/**
 * A `NewTermsStore` over an in-memory `StateData`, persisted whole by a host. The next state is
 * computed aside and only becomes current once the host stored it, so a failed write leaves both
 * the stored and the in-memory state as they were. Used by the CLI's state file and, with no
 * persistence, as the memory store.
 *
 * A host whose storage others may change meanwhile (a file two `loupe scan`s share) implements
 * `SnapshotHost.update`: it applies the change to the state as stored now, under its own lock, so
 * each writer's change lands on the other's instead of overwriting it.
 */
import { fromExport, toExport, validateBatch, type StateExport } from './export-format.ts';
import { applyCommit, emptyState, mergeStates, statsOf, withoutRule, type CommitResult, type RuleHistory, type RuleMeta, type ScanStateBatch, type StateData, type StateStats } from './model.ts';
import type { Runs } from './runs.ts';
import type { ImportMode, NewTermsStore } from './store.ts';

/** Stores the whole state; returns its size in bytes when known. */
export type PersistState = (data: StateData) => Promise<number | undefined>;

export interface SnapshotHost {
  /**
   * Applies `change` to the state as stored now (`cached` when it is known to be unchanged),
   * stores the result when it differs, and returns it with its size in bytes when known.
   */
  update(change: (current: StateData) => StateData, cached: StateData): Promise<{ readonly data: StateData; readonly bytes: number | undefined }>;
}

/** A host that owns its storage alone: the cached state is the stored one. */
function soleOwner(persist: PersistState): SnapshotHost {
  return {
    async update(change, cached) {
      const next = change(cached);
      return { data: next, bytes: next === cached ? undefined : await persist(next) };
    },
  };
}

export class SnapshotStore implements NewTermsStore {
  #data: StateData;
  #bytes: number | undefined;
  readonly #host: SnapshotHost | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(initial: StateData = emptyState(), persist?: PersistState | SnapshotHost, bytes?: number) {
    this.#data = initial;
    this.#host = typeof persist === 'function' ? soleOwner(persist) : persist;
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

  async commit(batch: ScanStateBatch): Promise<CommitResult> {
    validateBatch(batch);
    return this.#mutate((data) => {
      const next = applyCommit(data, batch);
      return { next, result: { applied: next !== data } };
    });
  }

  reset(ruleId?: string): Promise<void> {
    return this.#mutate((data) => ({ next: ruleId === undefined ? emptyState() : withoutRule(data, ruleId), result: undefined }));
  }

  async export(): Promise<StateExport> {
    return toExport(this.#data);
  }

  async import(document: unknown, mode: ImportMode): Promise<void> {
    const incoming = fromExport(document, 'import');
    return this.#mutate((data) => ({ next: mode === 'replace' ? incoming : mergeStates(data, incoming), result: undefined }));
  }

  async stats(): Promise<StateStats> {
    const stats = statsOf(this.#data);
    return this.#bytes === undefined ? stats : { ...stats, bytes: this.#bytes };
  }

  async close(): Promise<void> {
    await this.#queue.catch(() => undefined);
  }

  /** Runs mutations one at a time, each against the state the previous one left (or the host holds now). */
  #mutate<T>(step: (data: StateData) => { next: StateData; result: T }): Promise<T> {
    const run = this.#queue.catch(() => undefined).then(async () => {
      let result: T | undefined;
      const change = (data: StateData) => {
        const outcome = step(data);
        result = outcome.result;
        return outcome.next;
      };
      if (this.#host) {
        const stored = await this.#host.update(change, this.#data);
        if (stored.data !== this.#data) {
          this.#data = stored.data;
          this.#bytes = stored.bytes;
        }
      } else {
        this.#data = change(this.#data);
      }
      return result as T;
    });
    this.#queue = run;
    return run;
  }
}
