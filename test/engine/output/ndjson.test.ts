import { describe, expect, it } from 'vitest';
import { buildEventAlert, prepareRule } from '../../../src/engine/alerts/index.ts';
import { formatNdjson, formatNdjsonLine } from '../../../src/engine/output/ndjson.ts';
import { makeEvent, makeRule, NOW, PROCESS_EVENT } from '../alerts/fixtures.ts';

describe('NDJSON', () => {
  const build = () => buildEventAlert(prepareRule(makeRule(), { now: NOW }), makeEvent(PROCESS_EVENT))!;

  it('writes one JSON document per line that parses back to the alert', () => {
    const alert = build();
    const text = formatNdjson([alert, alert]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]!)).toEqual(alert);
    expect(lines[0]).not.toContain('\n');
  });

  it('is byte-identical across runs', () => {
    expect(formatNdjsonLine(build())).toBe(formatNdjsonLine(build()));
  });

  it('keeps event text with newlines and separators on one line', () => {
    const alert = buildEventAlert(prepareRule(makeRule(), { now: NOW }), makeEvent('{"message":"a\\nb\\u2028c"}'))!;
    const line = formatNdjsonLine(alert);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect((JSON.parse(line) as Record<string, unknown>)['message']).toBe('a\nb\u2028c');
  });

  it('keeps a __proto__ key as data', () => {
    const alert = buildEventAlert(prepareRule(makeRule(), { now: NOW }), makeEvent('{"__proto__":{"admin":true}}'))!;
    expect(formatNdjsonLine(alert)).toContain('"__proto__":{"admin":true}');
  });
});
