import { preferredCopy, type DocumentRef } from './event-ref.ts';

/**
 * A rule's buffered events, one per document: copies of an event (same index and `_id`, or the
 * same content) collapse into one entry, reported from its first file and line.
 */
export class DocumentSet<T extends { readonly ref: R }, R extends DocumentRef = T['ref']> {
  readonly #byKey = new Map<string, T>();
  #duplicates = 0;

  constructor(private readonly entry: (ref: R) => T) {}

  add(ref: R): void {
    const existing = this.#byKey.get(ref.copyKey);
    if (existing === undefined) {
      this.#byKey.set(ref.copyKey, this.entry(ref));
      return;
    }
    this.#duplicates++;
    if (preferredCopy(existing.ref, ref) === ref) this.#byKey.set(ref.copyKey, this.entry(ref));
  }

  has(key: string): boolean {
    return this.#byKey.has(key);
  }

  /** Distinct documents so far. */
  get size(): number {
    return this.#byKey.size;
  }

  get duplicates(): number {
    return this.#duplicates;
  }

  /** Forgets the entries `keep` rejects (a later copy of one is then a new document). */
  retain(keep: (entry: T) => boolean): void {
    for (const [key, entry] of this.#byKey) if (!keep(entry)) this.#byKey.delete(key);
  }

  /** Forgets every entry (a rule that has finished: what it found holds what it needs). */
  clear(): void {
    this.#byKey.clear();
  }

  /** The entries sorted with `order`. */
  sorted(order: (a: T, b: T) => number): T[] {
    return [...this.#byKey.values()].sort(order);
  }
}
