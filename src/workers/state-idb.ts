/**
 * The browser's new-terms state: IndexedDB (through `idb`), usable from a Web Worker or a page.
 *
 * Three object stores of the database `loupe` (schema and version in loupe-db.ts):
 * - `newTermsRules`  key `ruleId`             → `{ruleId, fields, window}`
 * - `newTermsTerms`  key `[ruleId, termKey]`  → `{ruleId, termKey, runs}` (one record per term, so a
 *   scan reads and writes only the terms it saw, and one rule's terms form one key range)
 * - `newTermsScans`  key `scanId`             → `{scanId, parts}` (the committed-scan ledger)
 * Every change runs in one readwrite transaction over the three stores: it is atomic, and if
 * anything fails (a conflict, a quota error, a closed tab) the transaction aborts and nothing of
 * it is kept. The merge rules are the engine's (`engine/state/model.ts`), shared with the CLI.
 */
import type { IDBPTransaction } from 'idb';
import { StateQuotaError, StateStoreError } from '../engine/state/errors.ts';
import { fromExport, toExport, validateBatch, type StateExport } from '../engine/state/export-format.ts';
import {
  isCommitted,
  mergeRuleMeta,
  mergeTermRuns,
  statsOf,
  windowGrew,
  withPart,
  type CommitResult,
  type RuleHistory,
  type RuleMeta,
  type ScanStateBatch,
  type StateData,
  type StateStats,
} from '../engine/state/model.ts';
import { normalizeRuns, type Runs } from '../engine/state/runs.ts';
import type { ImportMode, NewTermsStore } from '../engine/state/store.ts';
import { openLoupeDb, type LoupeDb, type LoupeSchema } from './loupe-db.ts';

export { LOUPE_DB_NAME, LOUPE_DB_VERSION } from './loupe-db.ts';

const RULES = 'newTermsRules';
const TERMS = 'newTermsTerms';
const SCANS = 'newTermsScans';
const ALL_STORES = [RULES, TERMS, SCANS] as const;

type Database = LoupeDb;
type WriteTransaction = IDBPTransaction<LoupeSchema, typeof ALL_STORES, 'readwrite'>;

export interface IdbStateOptions {
  /** Database name; tests use their own, the app uses `loupe`. */
  readonly name?: string;
}

export async function openIdbStateStore(options: IdbStateOptions = {}): Promise<NewTermsStore> {
  const db = await openLoupeDb(options.name);
  return new IdbStateStore(db);
}

/** Every term key of one rule: `[ruleId, ""]` up to `[ruleId, []]` (arrays sort after strings). */
function ruleRange(ruleId: string): IDBKeyRange {
  return IDBKeyRange.bound([ruleId, ''], [ruleId, []]);
}

class IdbStateStore implements NewTermsStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async ruleMeta(ruleId: string): Promise<(RuleMeta & { readonly terms: number }) | undefined> {
    const tx = this.#db.transaction([RULES, TERMS], 'readonly');
    const [rule, terms] = await Promise.all([tx.objectStore(RULES).get(ruleId), tx.objectStore(TERMS).count(ruleRange(ruleId))]);
    return rule && { fields: rule.fields, window: rule.window, terms };
  }

  async load(ruleId: string, termKeys: readonly string[]): Promise<Map<string, Runs>> {
    const store = this.#db.transaction(TERMS, 'readonly').store;
    const records = await Promise.all(termKeys.map((key) => store.get([ruleId, key])));
    const out = new Map<string, Runs>();
    for (const record of records) if (record !== undefined) out.set(record.termKey, record.runs);
    return out;
  }

  async loadRule(ruleId: string): Promise<RuleHistory | undefined> {
    const tx = this.#db.transaction([RULES, TERMS], 'readonly');
    const [rule, terms] = await Promise.all([tx.objectStore(RULES).get(ruleId), tx.objectStore(TERMS).getAll(ruleRange(ruleId))]);
    return rule && { fields: rule.fields, window: rule.window, terms: new Map(terms.map((record) => [record.termKey, record.runs])) };
  }

  async commit(batch: ScanStateBatch): Promise<CommitResult> {
    validateBatch(batch);
    const part = batch.part ?? 0;
    return this.#write(async (tx, pending) => {
      const scan = await tx.objectStore(SCANS).get(batch.scanId);
      if (isCommitted(new Map(scan ? [[scan.scanId, scan.parts]] : []), batch.scanId, part)) return { applied: false };
      for (const rule of batch.rules) await mergeRuleInto(tx, pending, rule.ruleId, rule, rule.terms);
      pending.track(tx.objectStore(SCANS).put({ scanId: batch.scanId, parts: withPart(scan?.parts, part) }));
      return { applied: true };
    });
  }

  reset(ruleId?: string): Promise<void> {
    return this.#write(async (tx, pending) => {
      if (ruleId === undefined) {
        for (const name of ALL_STORES) pending.track(tx.objectStore(name).clear());
      } else {
        pending.track(tx.objectStore(RULES).delete(ruleId));
        pending.track(tx.objectStore(TERMS).delete(ruleRange(ruleId)));
      }
    });
  }

  async export(): Promise<StateExport> {
    return toExport(await this.#readAll());
  }

  async import(document: unknown, mode: ImportMode): Promise<void> {
    const incoming = fromExport(document, 'import');
    return this.#write(async (tx, pending) => {
      if (mode === 'replace') for (const name of ALL_STORES) pending.track(tx.objectStore(name).clear());
      for (const [ruleId, history] of incoming.rules) {
        if (mode === 'replace') writeRule(tx, pending, ruleId, history, history.terms);
        else await mergeRuleInto(tx, pending, ruleId, history, history.terms);
      }
      for (const [scanId, parts] of incoming.scans) {
        const existing = mode === 'merge' ? await tx.objectStore(SCANS).get(scanId) : undefined;
        const merged = parts.reduce<readonly number[]>((list, part) => withPart(list, part), existing?.parts ?? []);
        pending.track(tx.objectStore(SCANS).put({ scanId, parts: merged }));
      }
    });
  }

  async stats(): Promise<StateStats> {
    // Counting runs needs every record; state is read whole for export anyway, so keep one path.
    return statsOf(await this.#readAll());
  }

  async close(): Promise<void> {
    this.#db.close();
  }

  async #readAll(): Promise<StateData> {
    const tx = this.#db.transaction(ALL_STORES, 'readonly');
    const [rules, terms, scans] = await Promise.all([tx.objectStore(RULES).getAll(), tx.objectStore(TERMS).getAll(), tx.objectStore(SCANS).getAll()]);
    const histories = new Map<string, { fields: readonly string[]; window: number; terms: Map<string, Runs> }>();
    for (const rule of rules) histories.set(rule.ruleId, { fields: rule.fields, window: rule.window, terms: new Map() });
    for (const term of terms) histories.get(term.ruleId)?.terms.set(term.termKey, term.runs);
    return { rules: histories, scans: new Map(scans.map((scan) => [scan.scanId, scan.parts])) };
  }

  /** One readwrite transaction: commits only if `work` and every request succeed, else aborts. */
  async #write<T>(work: (tx: WriteTransaction, pending: PendingRequests) => Promise<T>): Promise<T> {
    let tx: WriteTransaction;
    try {
      tx = this.#db.transaction(ALL_STORES, 'readwrite');
    } catch (error) {
      throw storeError(error);
    }
    const pending = new PendingRequests();
    pending.track(tx.done);
    try {
      const result = await work(tx, pending);
      await pending.settled();
      await tx.done;
      return result;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already aborted by the failure itself.
      }
      throw storeError(error, tx.error);
    }
  }
}

/** Merges one rule's incoming terms into what is stored, inside the caller's transaction. */
async function mergeRuleInto(tx: WriteTransaction, pending: PendingRequests, ruleId: string, incoming: RuleMeta, terms: ReadonlyMap<string, Runs>): Promise<void> {
  const existing = await tx.objectStore(RULES).get(ruleId);
  const meta = mergeRuleMeta(ruleId, existing, incoming);
  const termStore = tx.objectStore(TERMS);
  const merged = new Map<string, Runs>();
  if (windowGrew(existing, meta)) {
    for (const record of await termStore.getAll(ruleRange(ruleId))) merged.set(record.termKey, normalizeRuns(record.runs, meta.window));
  }
  const keys = [...terms.keys()];
  const stored = await Promise.all(keys.map((key) => (merged.has(key) ? undefined : termStore.get([ruleId, key]))));
  keys.forEach((key, index) => {
    merged.set(key, mergeTermRuns(merged.get(key) ?? stored[index]?.runs, terms.get(key) as Runs, meta.window));
  });
  writeRule(tx, pending, ruleId, meta, merged);
}

function writeRule(tx: WriteTransaction, pending: PendingRequests, ruleId: string, meta: RuleMeta, terms: ReadonlyMap<string, Runs>): void {
  pending.track(tx.objectStore(RULES).put({ ruleId, fields: [...meta.fields], window: meta.window }));
  const termStore = tx.objectStore(TERMS);
  for (const [termKey, runs] of terms) pending.track(termStore.put({ ruleId, termKey, runs: runs.map(([first, last]) => [first, last] as const) }));
}

/**
 * Requests issued without awaiting each one. Every promise gets a handler at once, so an abort
 * (which rejects them all) never surfaces as an unhandled rejection; `settled` reports the first failure.
 */
class PendingRequests {
  readonly #requests: Promise<unknown>[] = [];

  track(request: Promise<unknown>): void {
    request.catch(() => undefined);
    this.#requests.push(request);
  }

  async settled(): Promise<void> {
    await Promise.all(this.#requests);
  }
}

function storeError(error: unknown, transactionError?: DOMException | null): Error {
  if (isQuotaError(error) || isQuotaError(transactionError)) {
    return new StateQuotaError(
      'the browser refused to store more new-terms state (storage quota exceeded); nothing from this change was saved. ' +
        'Free space for this site, or export the state and reset rules you no longer need.',
      { cause: error },
    );
  }
  if (error instanceof StateStoreError) return error;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new StateStoreError(`IndexedDB failed while saving new-terms state (${message}); nothing from this change was saved`, { cause: error });
}

function isQuotaError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && error.name === 'QuotaExceededError';
}
