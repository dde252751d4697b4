/**
 * A buffered event: what a rule keeps of an event it may alert on. Identity follows the alert
 * builders (`eventIdentity`: the `_id` an export carried, else a hash of the event's canonical
 * JSON), so two copies of one event (the same file read twice, overlapping archives) are one
 * document and give one alert, as the same `_id` would in Elasticsearch.
 *
 * The identity costs a canonical JSON text and a SHA-256 (tens of µs per event), so it is computed
 * on first use of `key` only: alert ids, and ordering ties between events of equal time. Copies are
 * recognised by `copyKey`, the same test through a cheap fingerprint (event-fingerprint.ts).
 */
import { eventIdentity, rememberIdentity } from '../alerts/identity.ts';
import { stringifyJson } from '../json/stringify.ts';
import type { SourceEvent } from '../alerts/types.ts';
import type { EventDoc } from '../query/event.ts';
import type { EventSource } from './contract.ts';
import { eventFingerprint } from './event-fingerprint.ts';

/** What a rule's buffer needs of an event to recognise copies of it (see DocumentSet). */
export interface DocumentRef {
  readonly source: EventSource;
  /** The rule's event time (epoch ms). */
  readonly time: number;
  /** Equal for copies of one document: `_index` + `_id` given, else `_index` + content fingerprint. */
  readonly copyKey: string;
}

export interface EventRef extends DocumentRef {
  readonly event: EventDoc;
  /** The event's index (`_index` hint or derived); null when unknown. */
  readonly index: string | null;
  /** `_index` + NUL + `_id` (given or derived): equal for copies of one document. Computed on first read. */
  readonly key: string;
  /** The event as the alert builders take it, its identity derived once however often it is read. */
  sourceEvent(): SourceEvent;
}

/**
 * A kept event's JSON text: the string itself, or a handle a host's `TextKeeper` gave for it
 * (the CLI keeps the texts in a temporary file, so alerts and open sequences cost disk, not heap).
 */
export type KeptText = string | { read(): string };

/**
 * Where kept events' texts go: one `keep` per event however many rules keep it. The engine reads
 * a text back only for an alert document or an identity tie, i.e. rarely.
 */
export interface TextKeeper {
  keep(text: string): KeptText;
}

/** Texts stay strings in the heap. */
export const KEEP_IN_MEMORY: TextKeeper = { keep: (text) => text };

export function readKept(kept: KeptText): string {
  return typeof kept === 'string' ? kept : kept.read();
}

/** The JSON text of events some rule keeps: one string per event however many rules keep it. */
const texts = new WeakMap<EventDoc, string>();

/** The event's JSON text (stringifyJson), made once per event however many rules or threads' messages need it. */
export function eventText(event: EventDoc): string {
  let text = texts.get(event);
  if (text === undefined) texts.set(event, (text = stringifyJson(event)));
  return text;
}

/**
 * A kept event is held as its JSON text, about a quarter of the parsed object's heap (a 1.5 KB
 * Defend event parses to ~6 KB), and parsed again when read: for alert documents and identity
 * ties, i.e. rarely. JSON data survives the round trip unchanged (what JSON.parse gave, or what
 * the sources build: plain objects, arrays, strings, finite numbers, booleans, null).
 */
class LazyRef implements EventRef {
  readonly #text: KeptText;
  #identity: string | undefined;

  constructor(
    text: KeptText,
    readonly source: EventSource,
    readonly index: string | null,
    readonly time: number,
    readonly copyKey: string,
  ) {
    this.#text = text;
  }

  get event(): EventDoc {
    const event = JSON.parse(readKept(this.#text)) as EventDoc;
    if (this.#identity !== undefined) rememberIdentity(event, this.#identity);
    return event;
  }

  get key(): string {
    this.#identity ??= eventIdentity(sourceEvent(this.event, this.source, this.index));
    return `${this.index ?? ''}\u0000${this.#identity}`;
  }

  sourceEvent(): SourceEvent {
    const event = sourceEvent(this.event, this.source, this.index);
    this.#identity ??= eventIdentity(event);
    return event;
  }
}

export function sourceEvent(event: EventDoc, source: EventSource, index: string | null): SourceEvent {
  return {
    source: event,
    index: index ?? '',
    ...(source.idHint !== undefined ? { id: source.idHint } : {}),
    location: { file: source.file, line: source.line },
  };
}

export function eventRef(event: EventDoc, source: EventSource, index: string | null, time: number): EventRef {
  return new LazyRef(eventText(event), source, index, time, copyKey(event, source, index));
}

/** An event's ref from its kept JSON text (`eventText`, perhaps kept elsewhere) and `copyKey`, read where it was parsed (perhaps another thread). */
export function textRef(text: KeptText, source: EventSource, index: string | null, time: number, key: string): EventRef {
  return new LazyRef(text, source, index, time, key);
}

/** Each event's copy key, made once however many rules buffer the event: one string in all their buffers. */
const copyKeys = new WeakMap<EventDoc, { readonly index: string | null; readonly id: string | undefined; readonly key: string }>();

/** `_index` + NUL + (`_id` given | fingerprint): the same partition of events as `EventRef.key`. */
export function copyKey(event: EventDoc, source: EventSource, index: string | null): string {
  const known = copyKeys.get(event);
  if (known !== undefined && known.index === index && known.id === source.idHint) return known.key;
  const key = source.idHint !== undefined ? `${index ?? ''}\u0000=${source.idHint}` : `${index ?? ''}\u0000#${eventFingerprint(event)}`;
  copyKeys.set(event, { index, id: source.idHint, key });
  return key;
}

export function toSourceEvent(ref: EventRef): SourceEvent {
  return ref.sourceEvent();
}

/** Code-unit order, for keys and file names (locale-independent). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Search order: time, then document identity (Elasticsearch breaks timestamp ties by shard and doc, unknowable offline). */
export function compareByTime(a: EventRef, b: EventRef): number {
  return a.time - b.time || compareText(a.key, b.key);
}

/** Of two copies of one document, the one whose provenance is reported: the first by file, then line. */
export function preferredCopy<T extends DocumentRef>(a: T, b: T): T {
  const byFile = compareText(a.source.file, b.source.file);
  if (byFile !== 0) return byFile < 0 ? a : b;
  return a.source.line <= b.source.line ? a : b;
}
