import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataStreamOfBackingIndex } from '../../../src/engine/router/backing-index.ts';
import { eventIndex } from '../../../src/engine/router/event-index.ts';
import { compileIndexPatterns, DEFAULT_SECURITY_INDEX_PATTERNS } from '../../../src/engine/router/index-patterns.ts';
import { needShared, readShared, sharedPath } from '../../support/shared-data.ts';

/** The "Rule indices" bullet list of a seed rule page (two page layouts: `* x` and `• x`). */
function seedIndices(text: string): string[] {
  const section = text.split(/Rule indices\**:?/)[1]?.split(/\n\s*\**(?:Severity|Rule type)/)[0] ?? '';
  return [...section.matchAll(/^\s*[*•]\s+(\S+)\s*$/gm)].map((match) => match[1] as string);
}

describe('seed rule index patterns', () => {
  if (!needShared('seeds')) return;
  const seeds = readdirSync(sharedPath('seeds'))
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => ({ name, indices: seedIndices(readShared(`seeds/${name}`)) }));

  it('reads every seed rule index list', () => {
    expect(seeds.map((seed) => seed.indices)).toEqual([
      ['auditbeat-*', 'logs-endpoint.events.*'],
      ['logs-endpoint.events.*'],
      ['logs-endpoint.events.*'],
      ['logs-endpoint.events.file-*'],
      ['auditbeat-*', 'logs-endpoint.events.*'],
    ]);
  });

  const events: [string, Record<string, unknown>, string | undefined, boolean[]][] = [
    // Expectations per seed 000..004.
    ['an Elastic Defend process event from an export', {}, '.ds-logs-endpoint.events.process-default-2024.01.01-000001', [true, true, true, false, true]],
    ['an Elastic Defend file event (data_stream fields)', { data_stream: { type: 'logs', dataset: 'endpoint.events.file', namespace: 'default' } }, undefined, [true, true, true, true, true]],
    ['an Auditbeat 8 event', { agent: { type: 'auditbeat', version: '8.15.2' } }, undefined, [true, false, false, false, true]],
    ['an Auditbeat 7 rollover index', {}, 'auditbeat-7.17.0-2021.01.01-000001', [true, false, false, false, true]],
    ['a Windows Security event', { data_stream: { dataset: 'system.security', namespace: 'default' } }, undefined, [false, false, false, false, false]],
    ['an Elastic Defend alert', {}, '.ds-logs-endpoint.alerts-default-2024.01.01-000001', [false, false, false, false, false]],
  ];
  it.each(events)('%s', (_name, event, hint, expected) => {
    const index = eventIndex(event, hint);
    expect(index).not.toBeNull();
    expect(seeds.map((seed) => compileIndexPatterns(seed.indices)(index as string))).toEqual(expected);
  });
});

describe('compileIndexPatterns', () => {
  it.each<[string[], string, boolean]>([
    // Wildcards and literals.
    [['logs-endpoint.events.*'], 'logs-endpoint.events.process-default', true],
    [['logs-endpoint.events.*'], 'logs-endpoint.alerts-default', false],
    [['logs-endpoint.events.process-*'], '.ds-logs-endpoint.events.process-default-2024.01.01-000001', true],
    [['logs-endpoint.events.process-*'], '.ds-logs-endpoint.events.process-default-000001', true],
    [['logs-endpoint.events.process-*'], '.ds-logs-endpoint.events.network-default-2024.01.01-000001', false],
    [['logs-endpoint.events.process*'], 'logs-endpoint.events.process-default', true],
    [['logs-system.security*'], 'logs-system.security-default', true],
    [['logs-system.security*'], 'logs-system.securityx-default', true],
    [['logs-system.security*'], 'logs-system.syslog-default', false],
    [['auditbeat-*'], 'auditbeat-8.15.2', true],
    [['auditbeat-*'], '.ds-auditbeat-8.15.2-2024.10.01-000003', true],
    [['auditbeat-*'], 'auditbeat', false],
    [['winlogbeat-*'], 'winlogbeat-7.17.9', true],
    [['winlogbeat-*'], 'filebeat-8.15.2', false],
    [['auditbeat-8.15.2'], 'auditbeat-8.15.2', true],
    [['auditbeat-8.15.2'], 'auditbeat-8.15.20', false],
    [['apm-*-transaction*'], 'apm-7.17.0-transaction-000001', true],
    [['apm-*-transaction*'], 'apm-7.17.0-span-000001', false],
    [['Logs-*'], 'logs-x-default', false],
    [['logs-?'], 'logs-a', false],
    [['logs-?'], 'logs-?', true],
    [[], 'logs-x-default', false],
    [[' logs-* ', ''], 'logs-x-default', true],
    // Comma-separated entries and exclusions, in order.
    [['logs-*,-logs-foo*'], 'logs-foo-default', false],
    [['logs-*', '-logs-foo*'], 'logs-bar-default', true],
    [['logs-*', '-logs-foo*', 'logs-foo-keep'], 'logs-foo-keep', true],
    [['logs-*', '-logs-foo*', 'logs-foo-keep'], 'logs-foo-other', false],
    [['logs-*', '-logs-foo-default'], 'logs-foo-default', false],
    [['-logs-foo*', 'logs-*'], 'logs-foo-default', true], // a leading "-" is no exclusion: it names nothing
    [['logs-x-default', '-logs-x-default'], 'logs-x-default', true], // no wildcard before: still no exclusion
    [['logs-*', '-*elastic-cloud-logs-*'], 'logs-elastic-cloud-logs-default', false],
    [['logs-*', '-*elastic-cloud-logs-*'], '.ds-logs-elastic-cloud-logs-default-2024.01.01-000001', false],
    [['logs-*', '-*elastic-cloud-logs-*'], 'logs-system.auth-default', true],
    // Hidden names are reached only by patterns starting with '.'.
    [['*'], '.ds-logs-x-default-2024.01.01-000001', true], // through its data stream
    [['*'], '.alerts-security.alerts-default', false],
    [['.alerts-security.*'], '.alerts-security.alerts-default', true],
    [['.ds-logs-*'], '.ds-logs-x-default-2024.01.01-000001', true],
    [['logs-*', '-.ds-logs-x*'], '.ds-logs-x-default-2024.01.01-000001', false],
    // Cross-cluster entries.
    [['*:logs-*'], 'logs-x-default', true],
    [['remote:logs-*'], 'remote:logs-x-default', true],
    [['remote:logs-*'], 'other:logs-x-default', false],
    [['logs-*'], 'remote:logs-x-default', true],
    [['logs-*', '-remote:logs-x*'], 'remote:logs-x-default', false],
    [['logs-*', '-remote:logs-x*'], 'logs-x-default', false],
    [['logs-*', '-remote:logs-x*'], 'other:logs-x-default', true],
    // Selectors and date math.
    [['logs-*::data'], 'logs-x-default', true],
    [['logs-*::failures'], 'logs-x-default', false],
    [['<logs-{now/d}>'], 'logs-2024.01.01', false],
  ])('%j on %s -> %s', (patterns, index, expected) => {
    expect(compileIndexPatterns(patterns)(index)).toBe(expected);
  });

  it.each<[string, boolean]>([
    ['logs-endpoint.events.process-default', true],
    ['auditbeat-8.15.2', true],
    ['winlogbeat-8.15.2', true],
    ['filebeat-8.15.2', true],
    ['endgame-2024', true],
    ['traces-apm-default', true],
    ['metrics-system.cpu-default', false],
    ['logs-elastic-cloud-logs-8-default', false],
  ])('the default security index patterns on %s -> %s', (index, expected) => {
    expect(compileIndexPatterns(DEFAULT_SECURITY_INDEX_PATTERNS)(index)).toBe(expected);
  });
});

describe('dataStreamOfBackingIndex', () => {
  it.each<[string, string | null]>([
    ['.ds-logs-endpoint.events.process-default-2024.01.01-000001', 'logs-endpoint.events.process-default'],
    ['.ds-auditbeat-8.15.2-2024.10.01-000003', 'auditbeat-8.15.2'],
    ['.ds-logs-x-default-000001', 'logs-x-default'],
    ['logs-x-default', null],
    ['.ds-logs-x-default', null],
    ['.ds--000001', null],
  ])('%s -> %s', (index, expected) => {
    expect(dataStreamOfBackingIndex(index)).toBe(expected);
  });
});
