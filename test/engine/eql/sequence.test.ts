import { describe, expect, it } from 'vitest';
import { runEql } from '../../../src/engine/eql/compile.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { compile, runIds } from './eval-helpers.ts';

/** Events `id` 1..n at timestamp = id (ms) unless given, category and fields as given. */
function ev(id: number, category: string, fields: EventDoc = {}, timestamp = id): EventDoc {
  return { id, '@timestamp': timestamp, event: { category }, ...fields };
}

describe('sequence state machine (Elasticsearch, not exhaustive)', () => {
  it('extends only the most recent pending sequence and replaces older stage-0 matches', () => {
    const events = [ev(1, 'a'), ev(2, 'a'), ev(3, 'b'), ev(4, 'b')];
    expect(runIds('sequence [a where true] [b where true]', events)).toEqual([[2, 3]]);
  });

  it('lets one event advance a sequence and start another (overlapping results)', () => {
    const events = [1, 2, 3, 4].map((id) => ev(id, 'p'));
    expect(runIds('sequence [p where true] [p where true]', events)).toEqual([[1, 2], [2, 3], [3, 4]]);
  });

  it('joins by key, per clause keys from different fields', () => {
    const events = [ev(1, 'p', { pid: 7 }), ev(2, 'p', { pid: 8 }), ev(3, 'f', { ppid: 7 }), ev(4, 'f', { ppid: 9 })];
    expect(runIds('sequence [p where true] by pid [f where true] by ppid', events)).toEqual([[1, 3]]);
    expect(runEql(compile('sequence [p where true] by pid [f where true] by ppid'), events)[0]?.joinKeys).toEqual([7]);
  });

  it('ignores events whose non-optional key is missing, and joins null optional keys', () => {
    const events = [ev(1, 'p'), ev(2, 'p')];
    expect(runIds('sequence by k [p where true] [p where true]', events)).toEqual([]);
    expect(runIds('sequence by ?k [p where true] [p where true]', events)).toEqual([[1, 2]]);
  });

  it('joins multi-valued keys on every value (cartesian product, sorted, deduplicated)', () => {
    const events = [ev(1, 'a', { t: ['y', 'x', 'x'] }), ev(2, 'b', { t: ['x', 'y', 'z'] })];
    const results = runEql(compile('sequence by t [a where true] [b where true]', { tiebreakerField: 'id' }), events);
    expect(results.map((match) => match.joinKeys)).toEqual([['x'], ['y']]);
  });

  it.each([
    [2, [[1, 3]]],
    [1, []],
  ] as const)('maxspan is inclusive (maxspan=%sms, events 2ms apart)', (span, expected) => {
    const events = [ev(1, 'a'), ev(3, 'b')];
    expect(runIds(`sequence with maxspan=${span}ms [a where true] [b where true]`, events)).toEqual(expected);
  });

  it('until cancels pending sequences of its key but not completed ones', () => {
    const events = [ev(1, 'a', { k: 1 }), ev(2, 'u', { k: 1 }), ev(3, 'b', { k: 1 }), ev(4, 'a', { k: 2 }), ev(5, 'b', { k: 2 }), ev(6, 'u', { k: 2 })];
    expect(runIds('sequence by k [a where true] [b where true] until [u where true]', events)).toEqual([[4, 5]]);
  });

  it('expands runs', () => {
    const events = [1, 2, 3].map((id) => ev(id, 'a'));
    expect(runIds('sequence [a where true] with runs=3', events)).toEqual([[1, 2, 3]]);
  });

  it('orders by timestamp then tiebreaker, and head/tail count sequences', () => {
    const events = [ev(4, 'p', {}, 10), ev(1, 'p', {}, 10), ev(3, 'p', {}, 5), ev(2, 'p', {}, 5)];
    expect(runIds('sequence [p where true] [p where true]', events)).toEqual([[2, 3], [3, 1], [1, 4]]);
    expect(runIds('sequence [p where true] [p where true] | tail 2', events)).toEqual([[3, 1], [1, 4]]);
    expect(runIds('sequence [p where true] [p where true] | tail 2 | head 1', events)).toEqual([[3, 1]]);
  });

  describe('missing events', () => {
    it('rejects a sequence with a missing-clause event strictly between its neighbours', () => {
      const events = [ev(1, 'a'), ev(2, 'm'), ev(3, 'b'), ev(4, 'a'), ev(5, 'b')];
      expect(runIds('sequence with maxspan=1s [a where true] ![m where true] [b where true]', events)).toEqual([[4, -1, 5]]);
    });

    it('leading: rejects when the latest earlier missing event is within maxspan of the last positive event', () => {
      const events = [ev(1, 'm', {}, 0), ev(2, 'a', {}, 5), ev(3, 'a', {}, 20)];
      expect(runIds('sequence with maxspan=10ms ![m where true] [a where true]', events)).toEqual([[-1, 3]]);
    });

    it.each([
      // A missing-clause event tied with the first event is not before it, even after a later one was seen.
      ['tied with the first event, a later one marked since', [ev(1, 'a', {}, 5), ev(2, 'z', {}, 8), ev(3, 'a', {}, 8)], [[-1, 1, 3]]],
      // The latest one strictly before the first event (0) is out of span; later ones (5, 8) do not count.
      ['older than the span, later ones marked since', [ev(1, 'z', {}, 0), ev(2, 'a', {}, 5), ev(3, 'z', {}, 8), ev(4, 'a', {}, 14)], [[-1, 2, 4]]],
    ])('leading: only missing events strictly before the first event count (%s)', (_case, events, expected) => {
      expect(runIds('sequence with maxspan=10ms ![any where true] [a where true] [a where true]', events)).toEqual(expected);
    });

    it('trailing: waits for the window to close, then accepts (also at end of input)', () => {
      const events = [ev(1, 'a', {}, 0), ev(2, 'm', {}, 5), ev(3, 'a', {}, 20), ev(4, 'x', {}, 100)];
      expect(runIds('sequence with maxspan=10ms [a where true] ![m where true]', events)).toEqual([[3, -1]]);
    });

    it('streams: push returns final sequences, flush releases those waiting on a trailing window', () => {
      const compiled = compile('sequence with maxspan=10ms [a where true] ![m where true]', { tiebreakerField: 'id' });
      if (compiled.kind !== 'sequence') throw new Error('expected a sequence');
      const state = compiled.createSequenceState();
      expect(state.push(ev(1, 'a', {}, 0))).toEqual([]);
      const released = state.push(ev(2, 'x', {}, 11));
      expect(released.map((match) => match.events.map((event) => event?.['id'] ?? -1))).toEqual([[1, -1]]);
      expect(state.push(ev(3, 'a', {}, 12))).toEqual([]);
      expect(state.flush().map((match) => match.events.map((event) => event?.['id'] ?? -1))).toEqual([[3, -1]]);
    });
  });
});

describe('sample', () => {
  it('emits one sample per key once every filter has an event, in any order', () => {
    const events = [ev(1, 'b', { h: 'x' }), ev(2, 'a', { h: 'y' }), ev(3, 'a', { h: 'x' }), ev(4, 'a', { h: 'x' }), ev(5, 'b', { h: 'y' })];
    expect(runIds('sample by h [a where true] [b where true]', events)).toEqual([[3, 1], [2, 5]]);
  });
});

describe('sequence clause reading (matchesAny, then readSequenceInput on the same event)', () => {
  const query = 'sequence by k with maxspan=1h [a where x == 1] [b where true] ![a where x == 2] until [c where true]';
  const events: EventDoc[] = [
    ev(1, 'a', { k: 'h', x: 1 }),
    ev(2, 'a', { k: 'h', x: 2 }),
    ev(3, 'b', { k: 'h' }),
    ev(4, 'c', { k: 'h' }),
    ev(5, 'a', { x: 1 }),
    ev(6, 'z', { k: 'h' }),
  ];

  it.each(events.map((event) => [event.id, event] as const))('event %s: the same clauses and keys as a fresh read, and matchesAny agrees', (_id, event) => {
    const fresh = compile(query);
    if (fresh.kind !== 'sequence') throw new Error('not a sequence');
    const expected = fresh.readSequenceInput(event);
    const reused = compile(query);
    if (reused.kind !== 'sequence') throw new Error('not a sequence');
    // The reader holds results for the last event asked about: ask about another event first.
    reused.matchesAny(events[(events.indexOf(event) + 1) % events.length]!);
    const any = reused.matchesAny(event);
    expect(reused.readSequenceInput(event)).toEqual(expected);
    const matched = fresh.clauses.some((clause) => clause.filter.matches(event)) || fresh.until!.filter.matches(event);
    expect(any).toBe(matched);
  });
});
