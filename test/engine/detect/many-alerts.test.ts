import { describe, expect, it } from 'vitest';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { BASE, exportedRule, exportedRules, iso, scan } from './helpers.ts';

/**
 * More alerts than a call takes arguments (about 125,000 in V8 with Node's default stack): one
 * rule's alerts were spread into `push` and the whole scan died with "Maximum call stack size
 * exceeded". Small events keep the 200,000 alerts quick to build.
 */
const COUNT = 200_000;

describe('a rule raising more alerts than a call takes arguments', () => {
  it('keeps every alert, schedule-gap alerts included, in time order', async () => {
    const events: EventDoc[] = Array.from({ length: COUNT }, (_, i) => ({ '@timestamp': iso(BASE + i * 1000), event: { action: 'x' }, n: i }));
    // Runs every 10 minutes look back 1 minute, so most events fall between windows: those
    // alerts come from a second list (gap detections), which was spread into `push` too.
    const rule = exportedRule({ type: 'eql', language: 'eql', query: 'any where event.action == "x"', interval: '10m', from: 'now-1m' });
    const result = await scan(exportedRules([rule]), events);
    expect(result.alerts).toHaveLength(COUNT);
    expect(result.stats.rules[0]!.alerts).toBe(COUNT);
    expect(result.stats.rules[0]!.alertsInScheduleGaps).toBeGreaterThan(COUNT / 2);
    expect(result.alerts.every((alert, i) => alert.n === i)).toBe(true);
    // 55 s measured on 2 cores shared at load 14; generous for such machines.
  }, 300_000);
});
