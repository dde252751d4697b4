/**
 * The golden comparer behaves as Elastic's runners do (the rules it follows are in its header):
 * tables of small documents, then the real shared goldens compared with themselves and with a
 * changed copy.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compareElasticPackage,
  compareFilebeatModule,
  countByCause,
  flatten,
  parseSimpleYaml,
  percentEqual,
  pipelineTestFiles,
  readElasticPackageCase,
  readFilebeatModuleCase,
  unlisted,
  unused,
  type Doc,
} from './pipeline-goldens.ts';
import { sharedPath, skipWithoutShared } from './shared-data.ts';

const NO_CONFIG = { fields: {}, dynamicFields: {} };

describe('flatten', () => {
  it.each([
    [{ a: { b: 1, c: { d: 'x' } } }, { 'a.b': 1, 'a.c.d': 'x' }],
    [{ a: [{ b: 1 }], e: {} }, { a: [{ b: 1 }], e: {} }],
    [{ 'a.b': 1 }, { 'a.b': 1 }],
  ])('%j', (doc, flat) => {
    expect({ ...flatten(doc as Doc) }).toEqual(flat);
  });

  it('keeps a field named __proto__ as data', () => {
    const flat = flatten(JSON.parse('{"x":{"__proto__":{"y":1}}}') as Doc);
    expect(Object.keys(flat)).toEqual(['x.__proto__.y']);
    expect(({} as Record<string, unknown>)['y']).toBeUndefined();
  });
});

describe('elastic-package comparison', () => {
  it.each([
    ['equal with keys in another order', { a: { b: 1, c: 2 } }, { a: { c: 2, b: 1 } }, 2, 2, []],
    ['numbers by value', { n: 1 }, { n: 1.0 }, 1, 1, []],
    ['array order counts', { t: ['a', 'b'] }, { t: ['b', 'a'] }, 1, 0, ['t:different']],
    ['missing and extra leaves', { a: 1, b: 2 }, { a: 1, c: 3 }, 2, 1, ['b:missing', 'c:extra']],
    ['a string is not a number', { n: '1' }, { n: 1 }, 1, 0, ['n:different']],
  ])('%s', (_name, expected, actual, fields, equal, differences) => {
    const comparison = compareElasticPackage([expected], [actual], NO_CONFIG);
    expect([comparison.fields, comparison.equal]).toEqual([fields, equal]);
    expect(comparison.differences.map((d) => `${d.field}:${d.kind}`)).toEqual(differences);
  });

  it('deletes dynamic fields from both sides and checks the actual value against the regex', () => {
    const config = { fields: {}, dynamicFields: { 'user_agent.version': '^\\d+\\.\\d+(\\.|\\..*)?$' } };
    const ok = compareElasticPackage([{ user_agent: { version: '24.0.' } }], [{ user_agent: { version: '24.0' } }], config);
    expect(ok.differences).toEqual([]);
    const bad = compareElasticPackage([{ user_agent: { version: '24.0.' } }], [{ user_agent: { version: 'x' } }], config);
    expect(bad.differences.map((d) => d.field)).toEqual(['user_agent.version']);
  });

  it('a dropped document (null) must be dropped; a missing document counts every expected field', () => {
    expect(compareElasticPackage([null], [null], NO_CONFIG).differences).toEqual([]);
    expect(compareElasticPackage([null], [{ a: 1 }], NO_CONFIG).differences.map((d) => d.kind)).toEqual(['extra']);
    const missing = compareElasticPackage([{ a: 1, b: 2 }], [], NO_CONFIG);
    expect([missing.fields, missing.equal, missing.differences.length]).toEqual([2, 0, 2]);
  });
});

describe('Filebeat module comparison', () => {
  it.each([
    ['list order ignored', { 'event.type': ['a', 'b'] }, { event: { type: ['b', 'a'] } }, 1, 1, []],
    ['runner fields ignored on both sides', { 'ecs.version': '1.0', 'event.ingested': 'x', a: 1 }, { ecs: { version: '8' }, a: 1, agent: { id: 'z' } }, 1, 1, []],
    ['host.name ignored unless forwarded', { 'host.name': 'h' }, { host: { name: 'other' } }, 0, 0, []],
    ['host.name compared when forwarded', { 'host.name': 'h', tags: ['forwarded'] }, { host: { name: 'other' }, tags: ['forwarded'] }, 2, 1, ['host.name:different']],
  ])('%s', (_name, expected, actual, fields, equal, differences) => {
    const comparison = compareFilebeatModule([expected], [actual]);
    expect([comparison.fields, comparison.equal]).toEqual([fields, equal]);
    expect(comparison.differences.map((d) => `${d.field}:${d.kind}`)).toEqual(differences);
  });
});

describe('deviations', () => {
  const differences = compareElasticPackage([{ a: { b: 1, c: 2 }, d: 3 }], [{ a: { b: 9 }, e: 4 }], NO_CONFIG).differences;
  it('a prefix covers its fields, a kind narrows it; unexplained and stale entries are found', () => {
    const deviations = [
      { field: 'a.*', cause: 'geo' },
      { field: 'e', cause: 'extra e', kind: 'extra' as const },
      { field: 'zz', cause: 'stale' },
    ];
    expect(unlisted(differences, deviations).map((d) => d.field)).toEqual(['d']);
    expect(unused(differences, deviations).map((d) => d.field)).toEqual(['zz']);
    expect(countByCause(differences, deviations)).toEqual({ geo: 2, unlisted: 1, 'extra e': 1 });
  });
  it('percent equal rounds down to one decimal', () => {
    expect(percentEqual({ fields: 3, equal: 2, differences: [] })).toBe(66.6);
  });
});

describe('simple YAML of the test configs', () => {
  it('maps, lists, quoted scalars, comments', () => {
    const text = ['fields:', "  # a comment", "  '@timestamp': '2021-11-11T01:02:03Z'", '  tags:', '    - preserve_original_event', '  _conf:', '    retain: minimal', 'dynamic_fields:', '  "user_agent.version": \'^\\d+$\'', 'n: 5'].join('\n');
    expect(parseSimpleYaml(text)).toEqual({
      fields: { '@timestamp': '2021-11-11T01:02:03Z', tags: ['preserve_original_event'], _conf: { retain: 'minimal' } },
      dynamic_fields: { 'user_agent.version': '^\\d+$' },
      n: 5,
    });
  });
});

describe('the shared goldens', () => {
  it('elastic-package: the CloudTrail console-login case reads with its configs and equals itself', (context) => {
    skipWithoutShared(context, 'conformance/integrations/aws/cloudtrail/pipeline-tests');
    const dir = sharedPath('conformance/integrations/aws/cloudtrail/pipeline-tests');
    const files = pipelineTestFiles(readdirSync(dir));
    expect(files).toEqual(['test-console-login-json.log']);
    const testCase = readElasticPackageCase(dir, files[0]!);
    expect(testCase.inputs).toHaveLength(testCase.expected.length);
    expect(testCase.inputs[0]).toMatchObject({ '@timestamp': '2021-11-11T01:02:03.123456789Z', tags: ['preserve_original_event'] });
    expect(typeof testCase.inputs[0]!['message']).toBe('string');
    expect(testCase.config.dynamicFields).toEqual({});
    const self = compareElasticPackage(testCase.expected, testCase.expected, testCase.config);
    expect(self.differences).toEqual([]);
    expect(self.fields).toBeGreaterThan(100);
    const changed = structuredClone(testCase.expected) as Doc[];
    (changed[0]!['event'] as Doc)['outcome'] = 'unknown';
    expect(compareElasticPackage(testCase.expected, changed, testCase.config).differences.map((d) => d.field)).toEqual(['event.outcome']);
  });

  it('Filebeat module: every CloudTrail pair reads and equals itself', (context) => {
    skipWithoutShared(context, 'conformance/filebeat-modules/aws/cloudtrail/test');
    const dir = sharedPath('conformance/filebeat-modules/aws/cloudtrail/test');
    const logs = readdirSync(dir).filter((name) => name.endsWith('.log'));
    expect(logs.length).toBeGreaterThanOrEqual(30);
    for (const log of logs) {
      const testCase = readFilebeatModuleCase(`${dir}/${log}`);
      expect(testCase.lines.length, log).toBe(testCase.expected.length);
      expect(compareFilebeatModule(testCase.expected, testCase.expected).differences, log).toEqual([]);
    }
  });
});

describe('Filebeat line offsets', () => {
  it("equal the goldens' log.offset for every pair of every cloud module", (context) => {
    skipWithoutShared(context, 'conformance/filebeat-modules');
    const root = sharedPath('conformance/filebeat-modules');
    const dirs = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith('/test') || path === 'test');
    let checked = 0;
    for (const dir of dirs) {
      for (const log of readdirSync(`${root}/${dir}`).filter((name) => name.endsWith('.log'))) {
        const testCase = readFilebeatModuleCase(`${root}/${dir}/${log}`);
        expect(testCase.offsets, `${dir}/${log}`).toEqual(testCase.expected.map((doc) => doc['log.offset']));
        checked += testCase.offsets.length;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('empty objects', () => {
  it('are a leaf for elastic-package and nothing for Filebeat module tests', () => {
    expect(compareElasticPackage([{ a: 1 }], [{ a: 1, b: {} }], NO_CONFIG).differences.map((d) => `${d.field}:${d.kind}`)).toEqual(['b:extra']);
    expect(compareFilebeatModule([{ a: 1 }], [{ a: 1, b: { c: {} } }]).differences).toEqual([]);
  });
});
