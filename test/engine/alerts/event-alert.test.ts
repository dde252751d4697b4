import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildEventAlert, buildNewTermsAlert, prepareRule } from '../../../src/engine/alerts/index.ts';
import { formatNdjsonLine } from '../../../src/engine/output/ndjson.ts';
import { makeEvent, makeRule, NOW, NOW_ISO, PROCESS_EVENT } from './fixtures.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('buildEventAlert (query rule)', () => {
  const rule = makeRule({ threat: [{ framework: 'MITRE ATT&CK', tactic: { id: 'TA0002', name: 'Execution', reference: 'https://attack.mitre.org/tactics/TA0002/' } }] });
  const prepared = prepareRule(rule, { now: NOW });
  const event = makeEvent(PROCESS_EVENT, { id: 'abc123', location: { file: 'logs.ndjson', line: 7 } });
  const alert = buildEventAlert(prepared, event)!;
  const uuid = sha256(`${event.index}abc123undefineddefault:${rule.id}`);

  // Field-by-field shape. Sources: factories/utils/build_alert.ts (buildAlertFields),
  // transform_hit_to_alert.ts + traverse_and_mutate_doc.ts (source fields), rule_registry
  // get_common_alert_fields.ts / create_persistence_rule_type_wrapper.ts (framework fields),
  // factories/wrap_hits.ts + utils.ts generateId (the id).
  it.each<[string, unknown]>([
    ['@timestamp', NOW_ISO],
    ['kibana.alert.start', NOW_ISO],
    ['kibana.alert.last_detected', NOW_ISO],
    ['kibana.alert.intended_timestamp', NOW_ISO],
    ['kibana.alert.rule.execution.timestamp', NOW_ISO],
    ['kibana.alert.rule.execution.type', 'scheduled'],
    ['kibana.alert.original_time', '2024-05-06T07:00:00.123Z'],
    ['kibana.alert.uuid', uuid],
    ['kibana.space_ids', ['default']],
    ['kibana.alert.ancestors', [{ id: 'abc123', type: 'event', index: event.index, depth: 0 }]],
    ['kibana.alert.depth', 1],
    ['kibana.alert.status', 'active'],
    ['kibana.alert.workflow_status', 'open'],
    ['kibana.alert.workflow_tags', []],
    ['kibana.alert.workflow_assignee_ids', []],
    ['kibana.alert.reason', 'process event with process cmd.exe, parent process winword.exe, by alice on ws-01 created high alert Suspicious Child.'],
    ['kibana.alert.severity', 'high'],
    ['kibana.alert.risk_score', 73],
    ['event.kind', 'signal'],
    ['event', { category: ['process'], type: ['start'] }],
    ['kibana.alert.original_event.kind', 'event'],
    ['kibana.alert.original_event.category', ['process']],
    ['kibana.alert.original_event.type', ['start']],
    ['kibana.alert.original_data_stream.dataset', 'endpoint.events.process'],
    ['data_stream', { type: 'logs', dataset: 'endpoint.events.process', namespace: 'default' }],
    ['host', { name: 'ws-01' }],
    ['kibana.alert.rule.name', 'Suspicious Child'],
    ['kibana.alert.rule.rule_id', 'rule-1'],
    ['kibana.alert.rule.uuid', rule.id],
    ['kibana.alert.rule.type', 'query'],
    ['kibana.alert.rule.rule_type_id', 'siem.queryRule'],
    ['kibana.alert.rule.category', 'Custom Query Rule'],
    ['kibana.alert.rule.consumer', 'siem'],
    ['kibana.alert.rule.producer', 'siem'],
    ['kibana.alert.rule.description', 'A test rule'],
    ['kibana.alert.rule.severity', 'high'],
    ['kibana.alert.rule.risk_score', 73],
    ['kibana.alert.rule.tags', ['Domain: Endpoint']],
    ['kibana.alert.rule.threat', rule.threat],
    ['kibana.alert.rule.references', []],
    ['kibana.alert.rule.false_positives', []],
    ['kibana.alert.rule.author', []],
    ['kibana.alert.rule.exceptions_list', []],
    ['kibana.alert.rule.from', 'now-6m'],
    ['kibana.alert.rule.to', 'now'],
    ['kibana.alert.rule.interval', '5m'],
    ['kibana.alert.rule.max_signals', 100],
    ['kibana.alert.rule.version', 1],
    ['kibana.alert.rule.revision', 0],
    ['kibana.alert.rule.immutable', false],
    ['kibana.alert.rule.enabled', true],
    ['kibana.alert.rule.indices', ['logs-endpoint.events.*']],
    ['kibana.alert.rule.actions', []],
    ['kibana.alert.rule.created_by', ''],
    ['kibana.version', '8.19.0'],
    ['loupe', { source: { file: 'logs.ndjson', line: 7 } }],
  ])('%s', (field, expected) => {
    expect(alert[field]).toEqual(expected);
  });

  it.each(['kibana.alert.url', 'kibana.alert.building_block_type', 'kibana.alert.rule.note', 'kibana.alert.rule.timestamp_override', 'kibana.alert.new_terms', 'kibana.alert.threshold_result'])(
    'has no %s',
    (field) => {
      expect(Object.prototype.hasOwnProperty.call(alert, field)).toBe(false);
    },
  );

  it('writes rule parameters in snake case, with Kibana defaults', () => {
    expect(alert['kibana.alert.rule.parameters']).toMatchObject({
      description: 'A test rule',
      risk_score: 73,
      severity: 'high',
      rule_id: 'rule-1',
      from: 'now-6m',
      to: 'now',
      max_signals: 100,
      type: 'query',
      language: 'kuery',
      query: 'process.name : *',
      index: ['logs-endpoint.events.*'],
      setup: '',
      rule_source: { type: 'internal' },
    });
  });

  it('puts the framework fields first, then the event, then the alert fields (Kibana key order)', () => {
    const keys = Object.keys(alert);
    expect(keys.slice(0, 4)).toEqual(['kibana.alert.rule.execution.timestamp', 'kibana.alert.start', 'kibana.alert.last_detected', 'kibana.version']);
    expect(keys.indexOf('@timestamp')).toBeLessThan(keys.indexOf('host'));
    expect(keys.indexOf('host')).toBeLessThan(keys.indexOf('kibana.alert.original_event.kind'));
    expect(keys.indexOf('kibana.alert.original_event.kind')).toBeLessThan(keys.indexOf('event.kind'));
    expect(keys.at(-1)).toBe('loupe');
  });

  it('is deterministic: the same input gives byte-identical NDJSON', () => {
    const again = buildEventAlert(prepareRule(rule, { now: NOW }), makeEvent(PROCESS_EVENT, { id: 'abc123', location: { file: 'logs.ndjson', line: 7 } }))!;
    expect(formatNdjsonLine(again)).toBe(formatNdjsonLine(alert));
  });

  it('does not change the source event', () => {
    const fresh = makeEvent(PROCESS_EVENT);
    const before = JSON.stringify(fresh.source);
    buildEventAlert(prepared, fresh);
    expect(JSON.stringify(fresh.source)).toBe(before);
  });
});

describe('event identity', () => {
  const prepared = prepareRule(makeRule(), { now: NOW });

  it('hashes the canonical event when there is no _id, whatever the key order', () => {
    const a = buildEventAlert(prepared, makeEvent('{"a":1,"b":{"c":2,"d":3}}'))!;
    const b = buildEventAlert(prepared, makeEvent('{"b":{"d":3,"c":2},"a":1}'))!;
    const c = buildEventAlert(prepared, makeEvent('{"a":1,"b":{"c":2,"d":4}}'))!;
    const id = (alert: Record<string, unknown>) => (alert['kibana.alert.ancestors'] as { id: string }[])[0]!.id;
    expect(id(a)).toMatch(/^loupe-[0-9a-f]{64}$/);
    expect(id(a)).toBe(id(b));
    expect(a['kibana.alert.uuid']).toBe(b['kibana.alert.uuid']);
    expect(id(c)).not.toBe(id(a));
  });

  it('differs between rules and between spaces', () => {
    const event = makeEvent(PROCESS_EVENT, { id: 'x' });
    const other = prepareRule(makeRule({ id: 'another-rule' }), { now: NOW });
    const space = prepareRule(makeRule(), { now: NOW, spaceId: 'soc' });
    const ids = [prepared, other, space].map((p) => buildEventAlert(p, event)!['kibana.alert.uuid']);
    expect(new Set(ids).size).toBe(3);
    expect(space.spaceId).toBe('soc');
    expect(buildEventAlert(space, event)!['kibana.space_ids']).toEqual(['soc']);
  });

  it('derives a stable rule uuid from rule_id when the rule has no id', () => {
    const { id: _id, ...withoutId } = makeRule();
    const a = prepareRule({ ...withoutId }, { now: NOW });
    const b = prepareRule({ ...withoutId }, { now: NOW + 1000 });
    expect(a.ruleUuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8/);
    expect(b.ruleUuid).toBe(a.ruleUuid);
    expect(prepareRule({ ...withoutId, rule_id: 'other' }, { now: NOW }).ruleUuid).not.toBe(a.ruleUuid);
  });
});

describe('source fields (traverse_and_mutate_doc.ts)', () => {
  const prepared = prepareRule(makeRule(), { now: NOW });
  const build = (json: string) => buildEventAlert(prepared, makeEvent(json))!;

  it.each<[string, string, string, unknown]>([
    ['drops a source kibana object', '{"kibana":{"alert":{"x":1}},"a":1}', 'kibana', undefined],
    ['drops dotted kibana.* keys', '{"kibana.alert.foo":1}', 'kibana.alert.foo', undefined],
    ['drops signal', '{"signal":{"rule":{}},"a":1}', 'signal', undefined],
    ['drops threshold_result', '{"threshold_result":{"count":1}}', 'threshold_result', undefined],
    ['drops empty arrays', '{"tags":[],"a":1}', 'tags', undefined],
    ['drops empty objects', '{"x":{},"a":1}', 'x', undefined],
    ['drops objects emptied by pruning', '{"x":{"y":[]},"a":1}', 'x', undefined],
    ['drops empty members inside arrays', '{"x":[{},[],1]}', 'x', [1]],
    ['keeps null', '{"x":null}', 'x', null],
    ['keeps a dotted event key and copies it', '{"event.action":"exec"}', 'kibana.alert.original_event.action', 'exec'],
    ['removes a dotted event.kind', '{"event.kind":"alert"}', 'kibana.alert.original_event.kind', 'alert'],
    ['flattens nested event objects into the copy', '{"event":{"a":{"b":1}}}', 'kibana.alert.original_event.a.b', 1],
    ['keeps arrays whole in the copy', '{"event":{"outcome":["success","x"]}}', 'kibana.alert.original_event.outcome', ['success', 'x']],
  ])('%s', (_label, json, field, expected) => {
    expect(build(json)[field]).toEqual(expected);
  });

  it('replaces event.kind with "signal" but keeps the other event fields', () => {
    const alert = build('{"event":{"kind":"alert","code":"4688"}}');
    expect(alert['event']).toEqual({ code: '4688' });
    expect(alert['event.kind']).toBe('signal');
  });

  it('omits original_time when @timestamp is not a date', () => {
    expect(build('{"@timestamp":"yesterday"}')['kibana.alert.original_time']).toBeUndefined();
    expect(build('{"@timestamp":1714979289000}')['kibana.alert.original_time']).toBe('2024-05-06T07:08:09.000Z');
  });
});

describe('hostile keys', () => {
  const prepared = prepareRule(makeRule(), { now: NOW });

  it.each(['__proto__', 'constructor', 'prototype', 'toString'])('keeps a %s key as plain data', (key) => {
    const alert = buildEventAlert(prepared, makeEvent(`{"${key}":{"polluted":true},"event":{"${key}":"e"}}`))!;
    expect(Object.prototype.hasOwnProperty.call(alert, key)).toBe(true);
    expect(Object.getPrototypeOf(alert)).toBe(Object.prototype);
    expect(formatNdjsonLine(alert)).toContain(`"${key}":{"polluted":true}`);
    expect(alert[`kibana.alert.original_event.${key}`]).toBe('e');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('overrides and own alerts', () => {
  it('applies severity, risk score and rule name mappings', () => {
    const rule = makeRule({
      severity_mapping: [{ field: 'event.severity', operator: 'equals', value: '99', severity: 'critical' }],
      risk_score_mapping: [{ field: 'event.risk_score', operator: 'equals', value: '' }],
      rule_name_override: 'rule.name',
    });
    const alert = buildEventAlert(prepareRule(rule, { now: NOW }), makeEvent('{"event":{"severity":99,"risk_score":95},"rule":{"name":"Mimikatz"}}'))!;
    expect(alert['kibana.alert.severity']).toBe('critical');
    expect(alert['kibana.alert.risk_score']).toBe(95);
    expect(alert['kibana.alert.rule.name']).toBe('Mimikatz');
    expect(alert['kibana.alert.rule.severity']).toBe('high');
    expect(alert['kibana.alert.reason']).toBe('event created critical alert Mimikatz.');
  });

  it('builds an alert on an alert with the parent as a signal ancestor', () => {
    const parent = '{"kibana.alert.uuid":"p1","kibana.alert.depth":1,"kibana.alert.rule.uuid":"other-rule","kibana.alert.ancestors":[{"id":"e1","type":"event","index":"logs","depth":0}]}';
    const alert = buildEventAlert(prepareRule(makeRule(), { now: NOW }), makeEvent(parent, { id: 'p1', index: '.internal.alerts-security.alerts-default-000001' }))!;
    expect(alert['kibana.alert.ancestors']).toEqual([
      { id: 'e1', type: 'event', index: 'logs', depth: 0 },
      { id: 'p1', type: 'signal', index: '.internal.alerts-security.alerts-default-000001', depth: 1, rule: 'other-rule' },
    ]);
    expect(alert['kibana.alert.depth']).toBe(2);
  });

  it('leaves out parent ancestors that are not objects (a null one used to end the whole scan)', () => {
    const parent = '{"kibana.alert.uuid":"p1","kibana.alert.ancestors":[null,"e0",{"id":"e1","type":"event","index":"logs","depth":0}]}';
    const alert = buildEventAlert(prepareRule(makeRule(), { now: NOW }), makeEvent(parent, { id: 'p1', index: 'alerts' }))!;
    expect(alert['kibana.alert.ancestors']).toEqual([
      { id: 'e1', type: 'event', index: 'logs', depth: 0 },
      { id: 'p1', type: 'signal', index: 'alerts', depth: 1 },
    ]);
  });

  it('writes no alert on an alert of the same rule (wrap_hits.ts)', () => {
    const rule = makeRule();
    const own = `{"kibana.alert.uuid":"p1","kibana.alert.rule.uuid":"${rule.id}"}`;
    expect(buildEventAlert(prepareRule(rule, { now: NOW }), makeEvent(own))).toBeUndefined();
  });

  it('writes kibana.alert.url only with a public base URL (alert_detail_path.ts)', () => {
    const event = makeEvent(PROCESS_EVENT, { id: 'x' });
    const inDefault = buildEventAlert(prepareRule(makeRule(), { now: NOW, publicBaseUrl: 'https://kb.example/' }), event)!;
    expect(inDefault['kibana.alert.url']).toBe(
      `https://kb.example/app/security/alerts/redirect/${String(inDefault['kibana.alert.uuid'])}?index=.alerts-security.alerts-default&timestamp=${NOW_ISO}`,
    );
    const inSpace = buildEventAlert(prepareRule(makeRule(), { now: NOW, publicBaseUrl: 'https://kb.example', spaceId: 'soc' }), event)!;
    expect(inSpace['kibana.alert.url']).toMatch(/^https:\/\/kb\.example\/s\/soc\/app\/security\/alerts\/redirect\/[0-9a-f]{64}\?index=\.alerts-security\.alerts-soc&/);
  });

  it('flags alerts beyond Kibana max_signals in the loupe extension only', () => {
    const alert = buildEventAlert(prepareRule(makeRule(), { now: NOW }), makeEvent('{}'), { kibanaLimitExceeded: true })!;
    expect(alert['loupe']).toEqual({ kibana_limit_exceeded: true });
    expect(buildEventAlert(prepareRule(makeRule(), { now: NOW }), makeEvent('{}'))!['loupe']).toBeUndefined();
  });

  it('rejects rule types that write no alerts and invalid times', () => {
    expect(() => prepareRule(makeRule({ type: 'machine_learning' }), { now: NOW })).toThrow(/machine_learning/);
    expect(() => prepareRule(makeRule(), { now: Number.NaN })).toThrow(RangeError);
  });
});

describe('buildNewTermsAlert (new_terms/wrap_new_terms_alerts.ts)', () => {
  const rule = makeRule({ type: 'new_terms', new_terms_fields: ['host.name', 'process.name'], history_window_start: 'now-7d' });
  const prepared = prepareRule(rule, { now: NOW });
  const event = makeEvent(PROCESS_EVENT, { id: 'e1' });
  const alert = buildNewTermsAlert(prepared, event, ['ws-01', 'cmd.exe'])!;

  it.each<[string, unknown]>([
    ['kibana.alert.new_terms', ['ws-01', 'cmd.exe']],
    ['kibana.alert.rule.rule_type_id', 'siem.newTermsRule'],
    ['kibana.alert.rule.category', 'New Terms Rule'],
    ['kibana.alert.rule.type', 'new_terms'],
    ['kibana.alert.depth', 1],
    ['kibana.alert.original_time', '2024-05-06T07:00:00.123Z'],
  ])('%s', (field, expected) => {
    expect(alert[field]).toEqual(expected);
  });

  it('writes the new-terms parameters in Kibana order', () => {
    const parameters = alert['kibana.alert.rule.parameters'] as Record<string, unknown>;
    const keys = Object.keys(parameters);
    expect(keys.slice(keys.indexOf('type'))).toEqual(['type', 'query', 'new_terms_fields', 'history_window_start', 'index', 'language']);
    expect(parameters['new_terms_fields']).toEqual(['host.name', 'process.name']);
  });

  it('gives one event two ids for two new values, and places new_terms after the alert fields', () => {
    const other = buildNewTermsAlert(prepared, event, ['ws-01', 'powershell.exe'])!;
    expect(other['kibana.alert.uuid']).not.toBe(alert['kibana.alert.uuid']);
    const keys = Object.keys(alert);
    expect(keys.indexOf('kibana.alert.new_terms')).toBeGreaterThan(keys.indexOf('kibana.alert.rule.execution.type'));
  });
});
