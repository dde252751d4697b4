/**
 * The CloudTrail mapping against Elastic's pipeline goldens, compared as their runners compare
 * (test/support/pipeline-goldens.ts): the aws.cloudtrail integration's console-login pair as
 * `elastic-package test pipeline` does, and the Filebeat aws/cloudtrail module's 33 older pairs as
 * Filebeat's module tests do. Each input goes through the source's own mapper (what a scan
 * indexes), with the fields the runner or Filebeat's input puts into the input document added
 * where the mapping leaves them out. Every difference must be listed by cause in deviations.json
 * (and every listed one still occur); the share of expected fields equal is reported, with and
 * without the user-agent parser's output (not ported). GeoIP/ASN comes from MaxMind's test
 * databases (test/sources/geoip/maxmind), as in Elastic's own pipeline tests.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { get, set, type Doc } from '../../../src/sources/evtx/ecs/doc.ts';
import { createCloudTrailMapper } from '../../../src/sources/cloudtrail/index.ts';
import { openGeoIp } from '../../../src/sources/common/geoip/enrich.ts';
import {
  combine,
  compareElasticPackage,
  compareFilebeatModule,
  countByCause,
  percentEqual,
  readElasticPackageCase,
  readFilebeatModuleCase,
  unlisted,
  unused,
  type Comparison,
  type Deviation,
} from '../../support/pipeline-goldens.ts';
import { needShared, sharedPath } from '../../support/shared-data.ts';
import deviationsFile from './deviations.json' with { type: 'json' };

interface Listed {
  readonly bar: number;
  readonly barExcludes: readonly string[];
  readonly skippedCases?: Readonly<Record<string, string>>;
  readonly deviations: readonly Deviation[];
}
const deviations = deviationsFile as unknown as Readonly<Record<'integration' | 'filebeat', Listed>>;

const INTEGRATION = 'conformance/integrations/aws/cloudtrail/pipeline-tests';
const FILEBEAT = 'conformance/filebeat-modules/aws/cloudtrail/test';

/** The comparison without the expected fields no offline mapping can produce: the bar is measured on the rest. */
function withoutExcluded(comparison: Comparison, excludes: readonly string[]): Comparison {
  const excluded = (field: string): boolean => excludes.some((pattern) => (pattern.endsWith('.*') ? field.startsWith(pattern.slice(0, -1)) : field === pattern));
  const out = comparison.differences.filter((difference) => difference.kind === 'missing' && excluded(difference.field)).length;
  return { fields: comparison.fields - out, equal: comparison.equal, differences: comparison.differences.filter((difference) => !(difference.kind === 'missing' && excluded(difference.field))) };
}

/** MaxMind's test databases, which Elastic's pipeline tests use too. */
const geoip = openGeoIp(['GeoIP2-City-Test.mmdb', 'GeoLite2-ASN-Test.mmdb'].map((name) => ({ name, bytes: new Uint8Array(readFileSync(new URL(`../geoip/maxmind/${name}`, import.meta.url))) })));

/** The source's event for one record, with the ingest time the runner's input carried. */
function mapped(record: Doc, path: string, created?: string): Doc {
  const result = createCloudTrailMapper({ path, host: 'h', geoip }).map(record);
  if (!('events' in result)) return { error: { message: result.message } };
  const doc = result.events[0] as Doc;
  // The pipeline copies the input's @timestamp to event.created before anything else.
  if (created !== undefined) set(doc, 'event.created', created);
  return doc;
}

/** Input fields the pipeline leaves in place, put where the mapping set nothing. */
function putInputFields(doc: Doc, fields: Doc): Doc {
  for (const [path, value] of Object.entries(fields)) if (get(doc, path) === undefined) set(doc, path, structuredClone(value));
  return doc;
}

function report(name: string, comparison: Comparison, listed: Listed, files: number): void {
  const reachable = withoutExcluded(comparison, listed.barExcludes);
  console.info(
    `${name}: ${comparison.equal}/${comparison.fields} expected fields equal (${percentEqual(comparison)}%) in ${files} files;`,
    listed.barExcludes.length === 0 ? '' : `without ${listed.barExcludes.join(', ')}: ${reachable.equal}/${reachable.fields} (${percentEqual(reachable)}%)`,
    countByCause(comparison.differences, listed.deviations),
  );
  expect(percentEqual(reachable)).toBeGreaterThanOrEqual(listed.bar);
}

function checks(name: string, comparison: Comparison, listed: Listed, files: number): void {
  it('reports the share of expected fields equal and the differences by cause', () => report(name, comparison, listed, files));
  it('has no difference deviations.json does not list', () => {
    const missing = unlisted(comparison.differences, listed.deviations);
    if (process.env['CLOUDTRAIL_GOLDEN_DUMP']) writeFileSync(`${process.env['CLOUDTRAIL_GOLDEN_DUMP']}-${name.replace(/\W+/g, '_')}.json`, JSON.stringify(missing, null, 1));
    expect(missing).toEqual([]);
  });
  it('lists no deviation that no longer occurs', () => expect(unused(comparison.differences, listed.deviations)).toEqual([]));
}

if (needShared(INTEGRATION)) {
  describe('aws.cloudtrail integration pipeline goldens (elastic-package)', () => {
    const dir = sharedPath(INTEGRATION);
    const cases = readdirSync(dir).filter((name) => name.endsWith('.log') && readdirSync(dir).includes(`${name}-expected.json`));
    const comparison = combine(
      cases.map((file) => {
        const testCase = readElasticPackageCase(dir, file);
        const actual = testCase.inputs.map((input) => {
          const { message, ...fields } = input;
          const doc = mapped(JSON.parse(String(message)) as Doc, file, typeof fields['@timestamp'] === 'string' ? fields['@timestamp'] : undefined);
          return putInputFields(doc, fields);
        });
        return compareElasticPackage(testCase.expected, actual, testCase.config);
      }),
    );
    checks('aws.cloudtrail (integration)', comparison, deviations.integration, cases.length);
  });
}

if (needShared(FILEBEAT)) {
  describe('Filebeat aws/cloudtrail module goldens', () => {
    const dir = sharedPath(FILEBEAT);
    const listed = deviations.filebeat;
    const logs = readdirSync(dir)
      .filter((name) => name.endsWith('.log') && listed.skippedCases?.[name] === undefined)
      .sort();
    const comparison = combine(
      logs.map((log) => {
        const testCase = readFilebeatModuleCase(join(dir, log));
        let offset = 0;
        const actual = testCase.lines.map((line) => {
          // What Filebeat's log input and the module config put in before the pipeline runs (manifest.yml: tags [forwarded]).
          const input = { 'fileset.name': 'cloudtrail', 'input.type': 'log', 'log.offset': offset, 'service.type': 'aws', tags: ['forwarded'] };
          offset += new TextEncoder().encode(line).length + 1;
          return putInputFields(mapped(JSON.parse(line) as Doc, log), input);
        });
        return compareFilebeatModule(testCase.expected, actual);
      }),
    );
    checks('aws.cloudtrail (Filebeat module)', comparison, listed, logs.length);

    it('skips only the cases it says why', () => {
      const all = readdirSync(dir).filter((name) => name.endsWith('.log'));
      for (const skipped of Object.keys(listed.skippedCases ?? {})) expect(all).toContain(skipped);
    });
  });
}
