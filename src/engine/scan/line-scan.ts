/**
 * The host-agnostic scan loop over raw NDJSON lines: prefilter → JSON.parse → sink (the detector
 * in the CLI, a reader's candidate filter in the app's workers). Hosts call it from intake's line
 * hook, so it runs for line-oriented files in every container.
 *
 * Every line gets exactly one verdict, so per-file accounting stays exact:
 * - `event`: parsed, an object, pushed to the detector with the rules that could match it;
 * - `not-parsed`: the prefilter showed no rule could match it and it is shaped like a JSON object
 *   (first non-blank character `{`, last `}`): counted as an event without being parsed;
 * - `skip`: blank, not JSON, not an object — decided by the parser, because a line that is not
 *   shaped like an object always goes to the parser, even when no rule could match it.
 *
 * So "not JSON" counts the lines the parser rejected. An object-shaped line that no rule could
 * match is never parsed, so damage inside it (`{"a":1,}`) is counted as an event, not as "not JSON".
 */
import type { EventSource } from '../detect/contract.ts';
import type { Prefilter } from '../prefilter/prefilter.ts';
import type { EventDoc } from '../query/event.ts';

/** What a host's line parser says about one line (structurally ingest's `ParsedLine`). */
export type ParsedLine =
  | { readonly kind: 'event'; readonly event: EventDoc; readonly indexHint?: string; readonly idHint?: string }
  | { readonly kind: 'skip'; readonly reason: string; readonly message: string };

export type LineVerdict<P extends ParsedLine = ParsedLine> = P | { readonly kind: 'not-parsed' };

/** Where scanned lines go; the detector is one. */
export interface LineScanSink {
  /** A parsed event; `candidates` (by rule position) are the rules that could match it. */
  push(event: EventDoc, source: EventSource, candidates?: Uint8Array): void;
  /** Object-shaped lines no rule could match, counted as events without being parsed. */
  countNotParsed(count: number): void;
}

export interface LineScanCounts {
  /** Lines the prefilter passed over without parsing (counted as events). */
  notParsed: number;
  /** Lines parsed because some rule could match them (or they could hide a literal). */
  candidates: number;
  /** Lines parsed only because they are not shaped like a JSON object (to classify them). */
  parsedToClassify: number;
}

export interface LineScanner<P extends ParsedLine = ParsedLine> {
  readonly counts: LineScanCounts;
  line(text: string, file: string, line: number): LineVerdict<P>;
}

export interface LineScannerOptions<P extends ParsedLine> {
  readonly sink: LineScanSink;
  /** Absent: every line is parsed and every rule sees every event. */
  readonly prefilter?: Prefilter;
  readonly parse: (text: string) => P;
}

const NOT_PARSED = { kind: 'not-parsed' } as const;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

export function createLineScanner<P extends ParsedLine>({ sink, prefilter, parse }: LineScannerOptions<P>): LineScanner<P> {
  const counts: LineScanCounts = { notParsed: 0, candidates: 0, parsedToClassify: 0 };
  return {
    counts,
    line(text, file, line) {
      const candidates = prefilter?.candidates(text);
      if (prefilter !== undefined && candidates === undefined) {
        if (isObjectShaped(text)) {
          counts.notParsed++;
          sink.countNotParsed(1);
          return NOT_PARSED;
        }
        counts.parsedToClassify++;
      } else {
        counts.candidates++;
      }
      const parsed = parse(text);
      if (parsed.kind === 'event') {
        const { indexHint, idHint } = parsed;
        sink.push(parsed.event, { file, line, ...(indexHint !== undefined ? { indexHint } : {}), ...(idHint !== undefined ? { idHint } : {}) }, candidates);
      }
      return parsed;
    },
  };
}

/** First and last characters other than JSON whitespace are `{` and `}`. */
export function isObjectShaped(text: string): boolean {
  let start = 0;
  let end = text.length - 1;
  while (start <= end && isJsonSpace(text.charCodeAt(start))) start++;
  while (end > start && isJsonSpace(text.charCodeAt(end))) end--;
  return end > start && text.charCodeAt(start) === OPEN_BRACE && text.charCodeAt(end) === CLOSE_BRACE;
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
