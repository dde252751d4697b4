/**
 * The fast path of alert output (`detectionAlertTexts`: each document written as text, the rule's
 * constant fields serialised once per rule, `AlertDocumentBuilder.text`) against the plain one
 * (`detectionAlerts` then `stringifyJson` of each finished object), and the detector's heads
 * (uuid and document count read without building) against the documents themselves.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareRule, type AlertRunContext, type PreparedRule } from '../../../src/engine/alerts/index.ts';
import { AlertDocumentBuilder } from '../../../src/engine/alerts/document.ts';
import type { Detection } from '../../../src/engine/detect/detection.ts';
import { eventRef, type EventRef } from '../../../src/engine/detect/event-ref.ts';
import type { Fate } from '../../../src/engine/detect/executions.ts';
import { detectionAlerts, detectionAlertTexts, detectionHead } from '../../../src/engine/detect/to-alerts.ts';
import { stringifyJson } from '../../../src/engine/json/stringify.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import type { Rule } from '../../../src/engine/rules/model.ts';
import { makeRule, NOW, parse, PROCESS_EVENT } from './fixtures.ts';

const deep = (levels: number): unknown => {
  let value: unknown = { leaf: 'x' };
  for (let i = 0; i < levels; i++) value = { d: value };
  return value;
};

/** Events that take every branch of the document's assembly. */
const EVENTS: readonly [string, EventDoc][] = [
  ['an ECS process event', parse(PROCESS_EVENT)],
  ['array-index keys at the top (listed first by JavaScript)', { '10': 'ten', '2': 'two', '@timestamp': '2024-05-06T07:00:00Z', '4294967295': 'not an index', '01': 'nor this' }],
  ['hostile keys', JSON.parse('{"__proto__":{"polluted":true},"constructor":"c","prototype":[1],"\\ud800":"lone"}') as EventDoc],
  ['dotted and nested event fields copied twice', { event: { action: 'a', kind: 'event' }, 'event.action': 'b', 'event.kind': 'alert', 'data_stream.dataset': 'd' }],
  ['a top-level loupe key (replaced by the notes, in place)', { loupe: { source: 'mine' }, process: { name: 'x' } }],
  ['empty members pruned at every depth', { a: [], b: {}, c: { d: [], e: { f: {} } }, g: [[], {}, 1], process: { name: ['-'] } }],
  ['kibana, signal and threshold_result fields dropped', { 'kibana.alert.rule.name': 'x', kibana: { x: 1 }, signal: 1, threshold_result: 2, 'signal.x': 3 }],
  ['an alert of another rule (ancestors carried over)', { 'kibana.alert.uuid': 'u1', 'kibana.alert.ancestors': [{ id: 'e', type: 'event', index: 'i', depth: 0 }, null], 'kibana.alert.depth': 1, 'kibana.alert.rule.uuid': 'other', 'event.severity': 73 }],
  ['an alert of this very rule (no document)', { 'kibana.alert.uuid': 'u2', 'kibana.alert.rule.uuid': '9c3a2b1e-0000-4000-8000-000000000001' }],
  ['values for the overrides', { 'rule.name': 'from the event', 'event.severity': 47, 'event.risk_score': '88', host: { name: 'h' } }],
  ['nesting too deep for JSON.stringify', { process: { name: 'deep' }, deep: deep(5000) }],
];

const OVERRIDES: Partial<Rule> = {
  rule_name_override: 'rule.name',
  severity_mapping: [{ field: 'event.severity', operator: 'equals', value: '47', severity: 'critical' }],
  risk_score_mapping: [{ field: 'event.risk_score', operator: 'equals', value: '' }],
};

/** Rules of every type Loupe writes alerts for, with the options that change a document. */
const RULES: readonly [string, Partial<Rule>, Partial<AlertRunContext>][] = [
  ['query', {}, {}],
  ['query with name, severity and risk overrides', OVERRIDES, {}],
  ['building-block query rule with meta (dotted and nested)', { building_block_type: 'default', meta: { a: { b: 1 }, 'a.b': 2, from: '1m' } }, {}],
  ['query in a space with a public URL and no rule id', { id: undefined, note: 'long note '.repeat(200) }, { spaceId: 'soc', publicBaseUrl: 'https://kibana.example/' }],
  ['eql', { type: 'eql', language: 'eql', query: 'process where true', ...OVERRIDES }, {}],
  ['new_terms', { type: 'new_terms', new_terms_fields: ['host.name', 'user.name'], history_window_start: 'now-7d' }, {}],
  ['threshold with cardinality', { type: 'threshold', threshold: { field: ['host.name'], value: 2, cardinality: [{ field: 'user.name', value: 2 }] }, ...OVERRIDES }, {}],
  ['building-block eql sequence', { type: 'eql', language: 'eql', query: 'sequence [process where true] [process where true]', building_block_type: 'default' }, {}],
];

const FATES: readonly Fate[] = ['created', 'over-limit', 'schedule-gap'];

let line = 0;
function refOf(event: EventDoc, withId: boolean): EventRef {
  line++;
  return eventRef(event, { file: 'e.ndjson', line, ...(withId ? { idHint: `doc-${line}` } : {}) }, withId ? 'logs-endpoint.events.process-default' : null, NOW - line);
}

function detectionsFor(rule: Rule, events: readonly EventDoc[], fate: Fate): Detection[] {
  const base = { fate, createdAt: fate === 'created' ? NOW - 60_000 : null, time: NOW - 1000 };
  const refs = events.map((event, i) => refOf(event, i % 2 === 1));
  switch (rule.type) {
    case 'new_terms':
      return refs.map((event) => ({ ...base, kind: 'new_terms', event, terms: [{ key: 'h', value: 'h' }, { key: '7', value: 7 }] }));
    case 'threshold':
      return [
        { ...base, kind: 'threshold', bucket: { terms: [{ field: 'host.name', value: 'h' }], count: events.length, firstTime: NOW - 5000, lastTime: NOW - 10, cardinality: 3 } },
        // Group-by values naming this rule's own alert: Kibana writes none.
        { ...base, kind: 'threshold', bucket: { terms: [{ field: 'kibana.alert.uuid', value: 'x' }, { field: 'kibana.alert.rule.uuid', value: rule.id ?? '' }], count: 2, firstTime: 0, lastTime: 1 } },
      ];
    default:
      return rule.query?.startsWith('sequence')
        ? [{ ...base, kind: 'sequence', events: [...refs.slice(0, 2), null, ...refs.slice(2, 3)] }, { ...base, kind: 'sequence', events: [null] }]
        : refs.map((event) => ({ ...base, kind: 'event', event }));
  }
}

function expectSamePaths(prepared: PreparedRule, detection: Detection): number {
  const documents = detectionAlerts(prepared, detection);
  expect(detectionAlertTexts(prepared, detection)).toEqual(documents.map((document) => stringifyJson(document)));
  const head = detectionHead(prepared, detection);
  expect(head).toEqual(documents.length === 0 ? undefined : { uuid: documents[0]!['kibana.alert.uuid'], documents: documents.length });
  return documents.length;
}

describe('alert documents as text (the fast path) against stringified documents', () => {
  it.each(RULES)('%s: every event, every fate, byte-identical; heads agree', (_, overrides, context) => {
    const rule = makeRule(overrides);
    const prepared = prepareRule(rule, { now: NOW, ...context });
    let written = 0;
    for (const fate of FATES) {
      // Sequences take three events at a time; other types one.
      for (const [, event] of EVENTS) for (const detection of detectionsFor(rule, [event, parse(PROCESS_EVENT), event], fate)) written += expectSamePaths(prepared, detection);
    }
    expect(written).toBeGreaterThan(0);
  });

  it('agrees on random events with tricky keys (property)', () => {
    const key = fc.oneof(fc.constantFrom('0', '7', '42', '4294967294', '4294967295', '007', '__proto__', 'loupe', '@timestamp', 'event', 'event.kind', 'event.action', 'kibana.x', 'signal', 'data_stream', 'process'), fc.string({ maxLength: 6 }));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    })).node;
    const prepared = [prepareRule(makeRule(OVERRIDES), { now: NOW }), prepareRule(makeRule({ type: 'eql', language: 'eql', query: 'sequence [any where true] [any where true]' }), { now: NOW })];
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 8 }), fc.dictionary(key, value, { maxKeys: 8 }), fc.constantFrom(...FATES), (a, b, fate) => {
        const events = [a, b] as EventDoc[];
        for (const rule of prepared) for (const detection of detectionsFor(rule.rule, events, fate)) expectSamePaths(rule, detection);
      }),
      { numRuns: 300 },
    );
  });

  it('orders keys as an object does: array indices first, ascending; the rest in first-set order; undefined left out', () => {
    const builder = new AlertDocumentBuilder().set('b', 1).set('10', 'x').set('a', undefined).set('2', 'y').set('4294967295', 'z').set('b', 2).set('__proto__', { p: 1 });
    expect(builder.text()).toBe(stringifyJson(builder.finish()));
    expect(builder.text()).toBe('{"2":"y","10":"x","b":2,"4294967295":"z","__proto__":{"p":1}}');
  });
});
