/** Kibana filter objects (a rule's `filters`), and every corpus rule that has some. */
import { describe, expect, it } from 'vitest';
import { DslError } from '../../../src/engine/dsl/errors.ts';
import { compileKibanaFilters } from '../../../src/engine/dsl/kibana-filters.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { NOW } from './helpers.ts';
import { needShared, readShared } from '../../support/shared-data.ts';

const phrase = (field: string, value: string, meta: Record<string, unknown> = {}) => ({
  meta: { negate: false, disabled: false, ...meta },
  query: { match_phrase: { [field]: value } },
});
const cmd: EventDoc = { process: { name: 'cmd.exe' }, user: { name: 'bob' } };

describe('compileKibanaFilters', () => {
  it.each([
    ['no filters match everything', [], {}, true],
    ['a phrase filter', [phrase('process.name', 'cmd.exe')], cmd, true],
    ['filters are ANDed', [phrase('process.name', 'cmd.exe'), phrase('user.name', 'eve')], cmd, false],
    ['negate excludes', [phrase('user.name', 'bob', { negate: true })], cmd, false],
    ['negate on a missing field keeps the event', [phrase('host.name', 'x', { negate: true })], cmd, true],
    ['disabled filters are skipped', [phrase('user.name', 'eve', { disabled: true })], cmd, true],
    ['a negate that is not a boolean drops the filter (in neither of Kibana lists)', [phrase('user.name', 'eve', { negate: 'yes' })], cmd, true],
    ['no meta at all', [{ query: { term: { 'user.name': 'bob' } } }], cmd, true],
    ['$state is ignored', [{ $state: { store: 'appState' }, ...phrase('user.name', 'bob') }], cmd, true],
    ['legacy top-level exists', [{ meta: { negate: true }, exists: { field: 'user_agent.original' } }], cmd, true],
    ['legacy top-level exists, present', [{ meta: { negate: true }, exists: { field: 'user.name' } }], cmd, false],
    ['legacy top-level range', [{ meta: {}, range: { 'process.pid': { gte: 10 } } }], { process: { pid: 12 } }, true],
    ['query wins over other top-level keys', [{ meta: {}, query: { match_all: {} }, exists: { field: 'nope' } }], cmd, true],
    ['legacy match with type phrase', [{ meta: {}, query: { match: { message: { query: 'opening file', type: 'phrase' } } } }], { message: 'file opening' }, false],
    ['legacy match with type phrase, in order', [{ meta: {}, match: { message: { query: 'opening file', type: 'phrase' } } }], { message: 'opening file x' }, true],
    [
      'combined OR',
      [{ meta: { type: 'combined', relation: 'OR', params: [phrase('user.name', 'eve'), phrase('process.name', 'cmd.exe')] } }],
      cmd,
      true,
    ],
    [
      'combined AND',
      [{ meta: { type: 'combined', relation: 'AND', params: [phrase('user.name', 'eve'), phrase('process.name', 'cmd.exe')] } }],
      cmd,
      false,
    ],
    [
      'combined OR with a disabled sub-filter matches everything, as in Kibana',
      [{ meta: { type: 'combined', relation: 'OR', params: [phrase('user.name', 'eve'), phrase('user.name', 'zed', { disabled: true })] } }],
      cmd,
      true,
    ],
    [
      'negated combined',
      [{ meta: { type: 'combined', relation: 'AND', negate: true, params: [phrase('user.name', 'bob'), phrase('process.name', 'cmd.exe')] } }],
      cmd,
      false,
    ],
  ] as const)('%s', (_name, filters, event, expected) => {
    expect(compileKibanaFilters(filters, { now: NOW }).matches(event)).toBe(expected);
  });

  it.each([
    [[{ meta: {}, script: { script: { source: 'true' } } }], "filters[0]: unsupported query type 'script'"],
    [[phrase('a', 'b'), { meta: {}, query: { bool: { must: [{ geo_shape: {} }] } } }], "filters[1].query.bool.must[0]: unsupported query type 'geo_shape'"],
    [[{ meta: {} }], 'filters[0]: query malformed, empty clause found'],
    [[{ meta: {}, exists: { field: 'a' }, range: { b: { gt: 1 } } }], "filters[0]: a query must have exactly one type, found 'exists' and 'range'"],
    [['nope'], 'filters[0]: a filter must be an object'],
  ])('rejects %j', (filters, message) => {
    expect(() => compileKibanaFilters(filters)).toThrow(DslError);
    expect(() => compileKibanaFilters(filters)).toThrow(message);
  });

  it('collects the fields of every filter', () => {
    const compiled = compileKibanaFilters([phrase('process.name', 'x'), { meta: { negate: true }, exists: { field: 'user.name' } }]);
    expect(compiled.fields).toEqual(['process.name', 'user.name']);
  });
});

describe('corpus rules with filters', () => {
  if (!needShared('corpus/detection-rules.ndjson')) return;
  const rules = readShared('corpus/detection-rules.ndjson')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { rule_id: string; filters?: unknown[] })
    .filter((rule) => Array.isArray(rule.filters) && rule.filters.length > 0);

  it('has the 21 rules with filters', () => {
    expect(rules).toHaveLength(21);
  });

  it('compiles all of them', () => {
    const failures: string[] = [];
    for (const rule of rules) {
      try {
        compileKibanaFilters(rule.filters!);
      } catch (error) {
        failures.push(`${rule.rule_id}: ${(error as Error).message}`);
      }
    }
    console.log(`corpus filters: ${rules.length - failures.length}/${rules.length} rules compile`);
    expect(failures).toEqual([]);
  });

  // Rule 5bb4a95d: keep DLLs under C:\Windows\Sys*\ except a few, case-insensitively.
  it.each([
    ['C:\\Windows\\System32\\evil.dll', true],
    ['c:\\windows\\SYSTEM32\\evil.dll', true],
    ['C:\\Windows\\System32\\PrintConfig.dll', false],
    ['C:\\Windows\\system32\\spool\\DRIVERS\\x64\\3\\a.dll', false],
    ['D:\\Temp\\evil.dll', false],
  ])('5bb4a95d filters on %s → %s', (path, expected) => {
    const rule = rules.find((r) => r.rule_id === '5bb4a95d-5a08-48eb-80db-4c3a63ec78a8')!;
    expect(compileKibanaFilters(rule.filters!).matches({ file: { path } })).toBe(expected);
  });

  // Rule e26f042e wrote single backslashes, which Lucene reads as escapes: that exclusion can never match.
  it('e26f042e: a pattern with single backslashes excludes nothing', () => {
    const rule = rules.find((r) => r.rule_id === 'e26f042e-c590-4e82-8e05-41e81bd822ad')!;
    const path = 'C:\\Program Files\\Microsoft Monitoring Agent\\Agent\\Health Service State\\Monitoring Host Temporary Files 1\\AvailabilityGroupMonitoring.ps1';
    expect(compileKibanaFilters(rule.filters!).matches({ file: { path } })).toBe(true);
    const other = 'C:\\ProgramData\\Microsoft\\Windows Defender Advanced Threat Protection\\DataCollection\\x.ps1';
    expect(compileKibanaFilters(rule.filters!).matches({ file: { path: other } })).toBe(false);
  });
});
