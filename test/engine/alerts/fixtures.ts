import type { Rule } from '../../../src/engine/rules/model.ts';
import type { SourceEvent } from '../../../src/engine/alerts/types.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';

/** 2024-05-06T07:08:09.000Z: the execution time every test passes as `now`. */
export const NOW = Date.UTC(2024, 4, 6, 7, 8, 9);
export const NOW_ISO = '2024-05-06T07:08:09.000Z';

export function makeRule(overrides: Partial<Rule> = {}): Rule {
  return {
    id: '9c3a2b1e-0000-4000-8000-000000000001',
    rule_id: 'rule-1',
    name: 'Suspicious Child',
    description: 'A test rule',
    type: 'query',
    language: 'kuery',
    query: 'process.name : *',
    index: ['logs-endpoint.events.*'],
    severity: 'high',
    risk_score: 73,
    tags: ['Domain: Endpoint'],
    passthrough: {},
    ...overrides,
  };
}

export const parse = (json: string): EventDoc => JSON.parse(json) as EventDoc;

export function makeEvent(json: string, extra: Partial<SourceEvent> = {}): SourceEvent {
  return { source: parse(json), index: '.ds-logs-endpoint.events.process-default-2024.05.06-000001', ...extra };
}

export const PROCESS_EVENT = `{"@timestamp":"2024-05-06T07:00:00.123Z","event":{"kind":"event","category":["process"],"type":["start"]},"host":{"name":"ws-01"},"user":{"name":"alice"},"process":{"name":"cmd.exe","command_line":"cmd.exe /c whoami","parent":{"name":"winword.exe"}},"data_stream":{"type":"logs","dataset":"endpoint.events.process","namespace":"default"}}`;
