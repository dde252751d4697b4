import { recordFrom } from '../json/own-record.ts';
import { stringifyJson } from '../json/stringify.ts';
import type { AlertDocument } from './types.ts';

/**
 * JSON texts already written, by value: a rule's constant values (parameters, threat, note...) and
 * key names, so each is serialised once per rule instead of once per alert (see alert-text.ts).
 * Objects are looked up by identity and must not change once written here.
 */
export type JsonTexts = ReadonlyMap<unknown, string>;

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

  /**
   * `stringifyJson(this.finish())` without building the object: members are written in the
   * object's own-key order (array-index keys first, ascending, as JavaScript orders an object's
   * keys; then the others in insertion order), each value's text taken from `texts` when there.
   */
  text(texts: JsonTexts = EMPTY): string {
    let out = '';
    let indexKeys: string[] | undefined;
    for (const [key, value] of this.entries) {
      if (value === undefined) continue;
      if (isArrayIndex(key)) (indexKeys ??= []).push(key);
      else out += member(key, value, texts);
    }
    if (indexKeys !== undefined) {
      let first = '';
      for (const key of indexKeys.sort((a, b) => Number(a) - Number(b))) first += member(key, this.entries.get(key), texts);
      out = first + out;
    }
    return `{${out.slice(1)}}`;
  }
}

const EMPTY: JsonTexts = new Map();

/** `,"key":value`, or nothing for a value JSON leaves out. */
function member(key: string, value: unknown, texts: JsonTexts): string {
  const text = texts.get(value) ?? (stringifyJson(value) as string | undefined);
  return text === undefined ? '' : `,${texts.get(key) ?? JSON.stringify(key)}:${text}`;
}

/** Keys JavaScript lists before all others, in numeric order: canonical integers below 2^32 - 1. */
function isArrayIndex(key: string): boolean {
  const code = key.charCodeAt(0);
  if (code < 48 || code > 57 || key.length > 10) return false;
  return /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}
