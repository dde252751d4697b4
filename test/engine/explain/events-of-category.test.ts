/**
 * RuleScanStats.eventsOfCategory (computed by the detector, for the rules panel's "no events of its
 * category"): EQL rules count routed events carrying a category their query names.
 */
import { describe, expect, it } from 'vitest';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { ENDPOINT_PROCESS, exportedRule, exportedRules, iso, BASE, scan } from '../detect/helpers.ts';

const at = (category: unknown, extra: Record<string, unknown> = {}): EventDoc => ({
  '@timestamp': iso(BASE),
  ...(category === undefined ? {} : { event: { category } }),
  data_stream: ENDPOINT_PROCESS,
  ...extra,
});

const EVENTS: EventDoc[] = [
  at('process'),
  at(['process', 'file']),
  at('file'),
  at('network'),
  at('Process'),
  at(undefined),
  // Not routed to the rules below (index logs-*): never counted.
  at('process', { data_stream: { type: 'metrics', dataset: 'system.cpu', namespace: 'default' } }),
];

const eql = (query: string, extra: Record<string, unknown> = {}) => exportedRule({ type: 'eql', language: 'eql', query, index: ['logs-*'], ...extra });

describe('eventsOfCategory', () => {
  it.each<[string, Record<string, unknown>, number | undefined, number]>([
    ['an event query counts its category, exactly (case-sensitive), once per event', eql('process where false'), 2, 0],
    ['a sequence counts every clause\'s category and until\'s', eql('sequence with maxspan=1m [process where true] [file where true] until [network where true]'), 4, 4],
    ['a sample counts its clauses\' categories', eql('sample by host.id [file where true] [network where true]'), 3, 3],
    ['`any` counts every routed event', eql('sequence with maxspan=1m [process where true] [any where true]'), 6, 6],
    ['event_category_override reads another field', eql('"endpoint.events.process" where true', { event_category_override: 'data_stream.dataset' }), 6, 6],
    ['not for KQL rules', exportedRule({ query: 'event.category: process', index: ['logs-*'] }), undefined, 2],
    ['not for an EQL rule that cannot run', eql('process where ('), undefined, 0],
  ])('%s', async (_name, rule, ofCategory, matched) => {
    const result = await scan(exportedRules([rule]), EVENTS);
    const stats = result.stats.rules[0]!;
    // Rules that cannot run see nothing.
    expect(stats.eventsSeen).toBe(stats.status === 'ok' ? 6 : 0);
    expect(stats.eventsOfCategory).toBe(ofCategory);
    // The category count also serves as the detector's pre-test: matches are unchanged by it.
    expect(stats.eventsMatched).toBe(matched);
  });

  it('is zero for a rule whose category the evidence lacks, while events were routed to it', async () => {
    const result = await scan(exportedRules([eql('registry where true')]), EVENTS);
    expect(result.stats.rules[0]).toMatchObject({ eventsSeen: 6, eventsOfCategory: 0, eventsMatched: 0 });
  });
});
