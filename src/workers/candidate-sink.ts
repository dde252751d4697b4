/**
 * Where a reader's events go: into the candidate filter in batches (it counts them and tests each
 * against the rules the prefilter left, per rule, so rule time is measured per batch), and out as
 * encoded candidates, in line order. Process events are kept too, for ancestry views: the first
 * MAX_PROCESS_EVENTS of the file, whether or not a rule could match them, cut down to the fields
 * ancestry reads (`processProjection`). A line the prefilter
 * passed over is parsed again only for that (and only while the file's quota lasts), without
 * counting it as parsed, so the stats stay what `loupe scan` reports.
 */
import type { EventSource } from '../engine/detect/contract.ts';
import type { EventDoc } from '../engine/query/event.ts';
import type { CandidateFilter } from '../engine/scan/candidate-filter.ts';
import type { LineScanSink } from '../engine/scan/line-scan.ts';
import { processProjection } from '../engine/explain/process-tree.ts';
import { readEventLine } from '../ingest/intake.ts';
import { CANDIDATE, PROCESS, type EventEncoder } from './candidate-codec.ts';
import { eventText } from '../engine/detect/event-ref.ts';
import { stringifyJson } from '../engine/json/stringify.ts';
import { isProcessEvent, MAX_PROCESS_EVENTS } from './process-events.ts';

/** As the detector's batches: enough events per rule pass to keep timing overhead small. */
const BATCH = 256;

interface Pending {
  readonly event: EventDoc;
  readonly source: EventSource;
  readonly candidates?: Uint8Array | undefined;
  /** False for events parsed only to be kept as process events (not counted, not tested). */
  readonly counted: boolean;
  /** Kept as a process event (decided in line order, against the file's quota). */
  readonly process: boolean;
}

export class CandidateSink implements LineScanSink {
  private pending: Pending[] = [];
  private processLeft: number;

  /** `textAlways`: every candidate's text is sent (a hunt reports its matches), not only those a rule may keep. */
  constructor(
    private readonly filter: CandidateFilter,
    private readonly encoder: EventEncoder,
    keepProcessEvents: boolean,
    private readonly textAlways = false,
  ) {
    this.processLeft = keepProcessEvents ? MAX_PROCESS_EVENTS : 0;
  }

  push(event: EventDoc, source: EventSource, candidates?: Uint8Array): void {
    this.pending.push({ event, source, candidates, counted: true, process: this.keepsProcess(event) });
    if (this.pending.length >= BATCH) this.flush();
  }

  countNotParsed(count: number): void {
    this.filter.countNotParsed(count);
  }

  /** A line the prefilter passed over: kept when it holds a process event and the quota lasts. */
  passedOver(text: string, source: EventSource): void {
    // `entity_id` spelled plainly, or possibly hidden by a \u escape; anything else cannot be one.
    if (this.processLeft <= 0 || !(text.includes('entity_id') || text.includes('\\u'))) return;
    const parsed = readEventLine(text);
    if (parsed.kind !== 'event' || !this.keepsProcess(parsed.event)) return;
    const { indexHint, idHint } = parsed;
    this.pending.push({ event: parsed.event, source: { ...source, ...(indexHint !== undefined ? { indexHint } : {}), ...(idHint !== undefined ? { idHint } : {}) }, counted: false, process: true });
  }

  private keepsProcess(event: EventDoc): boolean {
    if (this.processLeft <= 0 || !isProcessEvent(event)) return false;
    this.processLeft--;
    return true;
  }

  /** The scan has the process events it keeps: later ones are neither parsed nor sent for that. */
  stopKeepingProcessEvents(): void {
    this.processLeft = 0;
  }

  /** Tests what is pending and encodes what leaves the thread, in line order. */
  flush(): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    this.pending = [];
    const counted = pending.filter((item) => item.counted);
    const { rules, reads, keepsEvent } = this.filter.select(counted);
    let c = 0;
    for (const item of pending) {
      const selected = item.counted ? rules[c] !== undefined : false;
      const read = item.counted ? reads[c] : undefined;
      const keeps = item.counted ? keepsEvent[c] === 1 : false;
      if (item.counted) c++;
      // A candidate's text goes only where a rule may keep the event (or a hunt reports it); a
      // process event kept for ancestry goes as its projection, on a line of its own.
      if (selected) this.encoder.add(keeps || this.textAlways ? eventText(item.event) : undefined, item.source, CANDIDATE, read ?? []);
      if (item.process) this.encoder.add(stringifyJson(processProjection(item.event)), item.source, PROCESS);
    }
  }
}
