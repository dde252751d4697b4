import { recordFrom } from '../json/own-record.ts';
import type { AlertDocument } from './types.ts';

/**
 * An alert document under construction. Keys keep the position of their first `set` (later sets
 * replace the value in place), which is how Kibana's object spreads and lodash `merge` order an
 * alert's `_source`; any key, `__proto__` included, is data.
 */
export class AlertDocumentBuilder {
  private readonly entries = new Map<string, unknown>();

  set(key: string, value: unknown): this {
    this.entries.set(key, value);
    return this;
  }

  setAll(entries: Iterable<readonly [string, unknown]>): this {
    for (const [key, value] of entries) this.entries.set(key, value);
    return this;
  }

  get(key: string): unknown {
    return this.entries.get(key);
  }

  /** The finished document; keys whose value is undefined are left out, as in Kibana's JSON. */
  finish(): AlertDocument {
    return recordFrom(this.entries);
  }
}
