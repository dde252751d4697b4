/**
 * A sequence rule's memory is bounded by its buffer cap, not by the input's length, and the cap
 * changes no verdict on input in time order; what it costs on other input is reported.
 */
import { describe, expect, it } from 'vitest';
import type { Detection } from '../../../src/engine/detect/detection.ts';
import { createEqlEvaluator } from '../../../src/engine/detect/rule-types/eql.ts';
import type { RuleSchedule } from '../../../src/engine/detect/schedule.ts';
import { compileEql } from '../../../src/engine/eql/compile.ts';
import { parseEql } from '../../../src/engine/eql/parser.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';

// Kibana's default schedule: every 5 minutes, each run searching the last 9.
const SCHEDULE: RuleSchedule = { intervalMs: 300_000, lookbackMs: 540_000, endOffsetMs: 0, maxSignals: 100 };
const QUERY = 'sequence by process.entity_id [process where event.type == "start"] [network where event.type == "connection"]';
const compiled = compileEql(parseEql(QUERY), { text: QUERY });
const T0 = Date.parse('2024-03-01T00:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;

interface Line {
  readonly event: EventDoc;
  readonly time: number;
}

const start = (key: string, time: number): Line => ({ event: { '@timestamp': time, event: { category: 'process', type: 'start' }, process: { entity_id: key } }, time });
const connect = (key: string, time: number): Line => ({ event: { '@timestamp': time, event: { category: 'network', type: 'connection' }, process: { entity_id: key } }, time });

/**
 * `keys` process starts, one a second, each with its own join key (a maxspan-less sequence keeps a
 * pending sequence for every one). Every 1000th key connects 2 minutes after starting (inside a
 * 9-minute window: found); every 1000th + 500 connects 20 minutes after (in no window: Kibana
 * never finds it). In time order.
 */
function manyKeys(keys: number, prefix = 'k'): Line[] {
  const lines: Line[] = [];
  for (let i = 0; i < keys; i++) {
    const time = T0 + i * SECOND;
    lines.push(start(`${prefix}${i}`, time));
    if (i % 1000 === 0) lines.push(connect(`${prefix}${i}`, time + 2 * MINUTE));
    if (i % 1000 === 500) lines.push(connect(`${prefix}${i}`, time + 20 * MINUTE));
  }
  return lines.sort((a, b) => a.time - b.time);
}

async function evaluate(lines: readonly Line[], bufferLimit: number) {
  const evaluator = createEqlEvaluator(compiled, SCHEDULE, bufferLimit);
  let peak = 0;
  lines.forEach(({ event, time }, i) => {
    // An `_id` hint spares hashing each event's JSON for its identity.
    evaluator.add(event, { file: 'events.ndjson', line: i + 1, idHint: `${String(event['@timestamp'])}-${JSON.stringify(event['process'])}` }, null, time);
    peak = Math.max(peak, evaluator.bufferedEvents);
  });
  const outcome = await evaluator.finish({ store: undefined });
  return { outcome, peak, verdicts: outcome.detections.map(verdict).sort() };
}

function sequenceEvents(detection: Detection) {
  if (detection.kind !== 'sequence') throw new Error(`expected a sequence, got ${detection.kind}`);
  return detection.events;
}

/** What decides an alert: its events, whether Kibana writes it, and when. */
function verdict(detection: Detection): string {
  return `${sequenceEvents(detection).map((ref) => ref?.key ?? '-').join(' ')} ${detection.fate} ${String(detection.createdAt)}`;
}

const joinKey = (detection: Detection) => (sequenceEvents(detection)[0]!.event['process'] as { entity_id: string });

describe('sequence buffer cap', () => {
  it('keeps memory bounded by the cap as the input grows, with the same alerts as an unbounded buffer', async () => {
    const limit = 4000;
    const small = manyKeys(10_000);
    const unbounded = await evaluate(small, Infinity);
    const capped = await evaluate(small, limit);
    // Without a cap every distinct event stays until the end: memory grows with the input.
    expect(unbounded.peak).toBe(small.length);
    expect(capped.peak).toBeLessThanOrEqual(limit);
    expect(capped.verdicts).toEqual(unbounded.verdicts);
    expect(capped.outcome.executions).toBe(unbounded.outcome.executions);
    expect(capped.outcome.messages).toEqual([]);

    // Ten times the input, the same bound; found are exactly the sequences inside one 9-minute
    // window (the 20-minute ones never are), each written by the first run that holds it.
    const large = await evaluate(manyKeys(100_000), limit);
    expect(large.peak).toBeLessThanOrEqual(limit);
    expect(large.outcome.messages).toEqual([]);
    const found = large.outcome.detections.map((detection) => [joinKey(detection).entity_id, detection.fate, detection.createdAt]);
    const expected = Array.from({ length: 100 }, (_, i) => {
      const connectAt = T0 + i * 1000 * SECOND + 2 * MINUTE;
      return [`k${i * 1000}`, 'created', Math.ceil(connectAt / SCHEDULE.intervalMs) * SCHEDULE.intervalMs];
    });
    expect(found.sort()).toEqual(expected.sort());
  });

  it('below the cap the input order changes nothing', async () => {
    const lines = manyKeys(3000);
    const shuffled = [...lines.filter((_, i) => i % 2 === 1), ...lines.filter((_, i) => i % 2 === 0)].reverse();
    const ordered = await evaluate(lines, 4000);
    const unordered = await evaluate(shuffled, 4000);
    expect(unordered.verdicts).toEqual(ordered.verdicts);
    expect(unordered.outcome.messages).toEqual([]);
  });

  it('reports events that arrive after their windows were judged (input out of time order past the cap)', async () => {
    // Two hosts' files covering the same hours, read one after the other: the second is late.
    const lines = [...manyKeys(3000, 'a'), ...manyKeys(3000, 'b')];
    const unbounded = await evaluate(lines, Infinity);
    const capped = await evaluate(lines, 2000);
    expect(capped.peak).toBeLessThanOrEqual(2000);
    expect(unbounded.outcome.detections.map((detection) => joinKey(detection).entity_id).sort()).toEqual(['a0', 'a1000', 'a2000', 'b0', 'b1000', 'b2000']);
    // Some sequences are missed, none invented, and the rule says so.
    expect(capped.verdicts.length).toBeLessThan(unbounded.verdicts.length);
    for (const item of capped.verdicts) expect(unbounded.verdicts).toContain(item);
    expect(capped.outcome.messages).toEqual([
      expect.stringMatching(/^sequence state capped at 2,000 events: [\d,]+ events arrived out of time order after a window holding them was judged; some sequences may be missed$/),
    ]);
  });

  it('reports events that do not fit when one look-back window alone holds more than the cap', async () => {
    // 3000 starts in 30 seconds (one window), then a connect for the first and the last key.
    const lines = [
      ...Array.from({ length: 3000 }, (_, i) => start(`k${i}`, T0 + i * 10)),
      connect('k0', T0 + 40 * SECOND),
      connect('k2999', T0 + 40 * SECOND),
    ];
    const unbounded = await evaluate(lines, Infinity);
    const capped = await evaluate(lines, 1000);
    expect(unbounded.outcome.detections.map((detection) => joinKey(detection).entity_id).sort()).toEqual(['k0', 'k2999']);
    expect(capped.peak).toBeLessThanOrEqual(1000);
    // The newest events are the ones left out, here both connects: nothing completes, and the rule says why.
    expect(capped.outcome.detections).toEqual([]);
    expect(capped.outcome.messages).toEqual(['sequence state capped at 1,000 events: 2,002 events did not fit (one look-back window held the cap); some sequences may be missed']);
  });
});
