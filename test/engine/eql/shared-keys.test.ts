import { describe, expect, it } from 'vitest';
import { keyId } from '../../../src/engine/eql/join-keys.ts';
import type { EqlValue } from '../../../src/engine/eql/values.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { compile } from './eval-helpers.ts';

function ev(id: number, category: string, fields: EventDoc = {}): EventDoc {
  return { id, '@timestamp': id, event: { category }, ...fields };
}

function sequence(query: string) {
  const compiled = compile(query);
  if (compiled.kind !== 'sequence') throw new Error('not a sequence');
  return compiled;
}

/** What a reading says, as plain data: per clause, the key values or null. */
const plain = (reading: ReturnType<ReturnType<typeof sequence>['readSequenceInput']>) => ({
  stages: reading.stageKeys.map((keys) => keys?.map((key) => key.values) ?? null),
  until: reading.untilKeys?.map((key) => key.values) ?? null,
});

describe('keyId', () => {
  const keys: EqlValue[][] = [['a'], ['[a'], ['["a"]'], [1], ['1'], [null], ['null'], [true], ['true'], ['a', 'b'], ['a,b'], [], ['[]']];
  it('gives distinct values distinct ids (a lone string is its own id unless it starts with "[")', () => {
    const ids = keys.map(keyId);
    expect(new Set(ids).size).toBe(keys.length);
    expect(keyId(['host-1'])).toBe('host-1');
    expect(keyId(['[x'])).toBe('["[x"]');
  });
});

describe('sequence readings shared between events', () => {
  const query = 'sequence by k with maxspan=1h [a where x == 1] [b where true] ![a where x == 2] until [c where true]';

  it('gives events with the same key and the same matching clauses one reading, equal to what each read alone', () => {
    const shared = sequence(query);
    const events = [ev(1, 'a', { k: 'h', x: 1 }), ev(2, 'a', { k: 'h', x: 1 }), ev(3, 'a', { k: 'g', x: 1 }), ev(4, 'a', { k: 'h', x: 2 }), ev(5, 'b', { k: 'h' }), ev(6, 'c', { k: 'h' })];
    const readings = events.map((event) => shared.readSequenceInput(event));
    events.forEach((event, i) => expect(plain(readings[i]!)).toEqual(plain(sequence(query).readSequenceInput(event))));
    expect(readings[1]).toBe(readings[0]);
    expect(readings[2]).not.toBe(readings[0]);
    expect(readings[3]).not.toBe(readings[0]);
    // One key list for every clause of an event keyed by the sequence's `by`, shared across events.
    expect(readings[4]!.stageKeys[1]).toBe(readings[0]!.stageKeys[0]);
    expect(readings[5]!.untilKeys).toBe(readings[0]!.stageKeys[0]);
    expect(plain(readings[3]!)).toEqual({ stages: [null, null, [['h']]], until: null });
  });

  it('keeps reading right past the number of keys it shares (it starts afresh)', () => {
    const shared = sequence(query);
    for (let i = 0; i < 1500; i++) {
      const event = ev(i, i % 3 === 0 ? 'b' : 'a', { k: `host-${i % 700}`, x: 1 + (i % 2) });
      expect(plain(shared.readSequenceInput(event))).toEqual(plain(sequence(query).readSequenceInput(event)));
    }
  });

  it('reads multi-valued keys (several keys per clause) without sharing them wrongly', () => {
    const shared = sequence('sequence by t [a where true] [b where true]');
    const one = shared.readSequenceInput(ev(1, 'a', { t: ['x', 'y'] }));
    const two = shared.readSequenceInput(ev(2, 'a', { t: ['x', 'z'] }));
    expect(plain(one).stages[0]).toEqual([['x'], ['y']]);
    expect(plain(two).stages[0]).toEqual([['x'], ['z']]);
  });
});
