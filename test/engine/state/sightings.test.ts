import { describe, expect, it } from 'vitest';
import { seenInWindow } from '../../../src/engine/state/runs.ts';
import { RuleSightings } from '../../../src/engine/state/sightings.ts';

describe('RuleSightings', () => {
  it('accumulates runs per term combination and snapshots them into a batch', () => {
    const sightings = new RuleSightings('rule-1', ['host.id', 'process.name'], 100);
    const a = sightings.add(['h1', 'python'], 1_000);
    sightings.add(['h1', 'python'], 1_050);
    sightings.add(['h1', 'python'], 1_500);
    const b = sightings.add(['h2', 'python'], 1_000);
    expect(a).toBe('["h1","python"]');
    expect(sightings.size).toBe(2);
    expect(sightings.runs(a)).toEqual([[1_000, 1_050], [1_500, 1_500]]);

    const batch = sightings.toBatch();
    sightings.add(['h1', 'python'], 1_060);
    expect(batch).toEqual({
      ruleId: 'rule-1',
      fields: ['host.id', 'process.name'],
      window: 100,
      terms: new Map([
        [a, [[1_000, 1_050], [1_500, 1_500]]],
        [b, [[1_000, 1_000]]],
      ]),
    });
    expect(sightings.termKeys()).toEqual([a, b]);
  });

  it('gives order-independent verdicts: each event is new iff no sighting in the window before it', () => {
    const events: [string, number][] = [
      ['python', 500],
      ['python', 100],
      ['bash', 300],
      ['python', 250],
    ];
    const verdicts = (order: [string, number][]) => {
      const sightings = new RuleSightings('r', ['process.name'], 200);
      for (const [name, time] of order) sightings.add([name], time);
      return events.map(([name, time]) => !seenInWindow(sightings.runs(JSON.stringify([name])) ?? [], time, 200));
    };
    // python@100 new, python@250 seen (100), python@500 new (nothing in [300,500)), bash@300 new.
    expect(verdicts(events)).toEqual([true, true, true, false]);
    expect(verdicts([...events].reverse())).toEqual([true, true, true, false]);
  });
});
