/**
 * Scores a source's mapping against an Elastic integration's pipeline-test pairs, as
 * `elastic-package test pipeline` compares them (test/support/pipeline-goldens.ts):
 *
 *   npx tsx scripts/compare-integration-goldens.ts <folder> <source> [--diff]
 *
 * `<folder>` holds a data stream's `_dev/test/pipeline/` files (`test-*.log` / `.json`, their
 * `-expected.json`, `test-common-config.yml`, `<case>-config.yml`); `<source>` is a Loupe source
 * name (`okta.system`, `gcp.audit`). The pairs are Elastic License 2.0 test data: read them from a
 * folder outside the repository, never commit them (docs/sources-cloud.md says where they come from).
 *
 * Each input is what the runner sends (`{"message": line}` or a `.json` event, config `fields` put
 * in); the record Loupe maps is the message's JSON. The config's `fields` are the input's, so
 * they are put over the mapped event as the runner puts them under the pipeline: `tags` replace
 * the Agent input's tags Loupe writes in the input's stead, `_conf` (pipeline options) is left
 * out, the rest fill what the mapping did not write. `dynamic_fields` are deleted from both
 * sides. GeoIP uses MaxMind's test databases (test/sources/geoip/maxmind/), as Elasticsearch's do.
 * Prints equal/expected fields per file and the differences grouped by field (all with --diff).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { openGeoIp } from '../src/sources/common/geoip/enrich.ts';
import { RECORD_SOURCES } from '../src/sources/registry.ts';
import { combine, compareElasticPackage, percentEqual, pipelineTestFiles, putDotted, readElasticPackageCase, type Comparison, type Difference, type Doc } from '../test/support/pipeline-goldens.ts';

const [folder, sourceName] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const showAll = process.argv.includes('--diff');
const source = RECORD_SOURCES.find((candidate) => candidate.name === sourceName);
if (folder === undefined || source === undefined) {
  console.error(`usage: compare-integration-goldens.ts <folder> <source> [--diff]; sources: ${RECORD_SOURCES.map((candidate) => candidate.name).join(', ')}`);
  process.exit(2);
}

const geoip = openGeoIp(['GeoIP2-City-Test.mmdb', 'GeoLite2-ASN-Test.mmdb'].map((name) => ({ name, bytes: new Uint8Array(readFileSync(new URL(`../test/sources/geoip/maxmind/${name}`, import.meta.url))) })));

/** The record in a runner input: the message's JSON when it is one, else the input less the config's fields. */
function recordOf(input: Doc, configFields: Doc): Doc {
  const message = input['message'];
  if (typeof message === 'string') {
    try {
      const parsed: unknown = JSON.parse(message);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Doc;
    } catch {
      // Not JSON: the input itself is the record.
    }
  }
  const record = structuredClone(input);
  for (const key of Object.keys(configFields)) delete record[key.split('.')[0]!];
  return record;
}

function withInputFields(event: Doc, configFields: Doc): Doc {
  for (const [path, value] of Object.entries(configFields)) {
    if (path === '_conf' || path.startsWith('_conf.')) continue;
    const present = path.split('.').reduce<unknown>((node, part) => (node !== null && typeof node === 'object' ? (node as Doc)[part] : undefined), event);
    if (path === 'tags' || present === undefined) putDotted(event, path, value);
  }
  return event;
}

function compareFile(testFile: string): Comparison {
  const testCase = readElasticPackageCase(folder!, testFile);
  const mapper = source!.createMapper({ path: testFile, host: 'unused', geoip });
  const actual = testCase.inputs.map((input): Doc | null => {
    const result = mapper.map(recordOf(input, testCase.config.fields));
    if (!('events' in result)) return null;
    if (result.events.length !== 1) console.warn(`${testFile}: one input gave ${result.events.length} events`);
    return result.events[0] === undefined ? null : withInputFields(structuredClone(result.events[0]), testCase.config.fields);
  });
  return compareElasticPackage(testCase.expected, actual, testCase.config);
}

const short = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
};

function describe(differences: readonly Difference[]): string[] {
  if (showAll) return differences.map((difference) => `    doc ${difference.doc} ${difference.kind} ${difference.field}: expected ${short(difference.expected)} actual ${short(difference.actual)}`);
  const groups = new Map<string, Difference[]>();
  for (const difference of differences) {
    const key = `${difference.kind} ${difference.field.replace(/\.\d+(?=\.|$)/g, '.N')}`;
    groups.set(key, [...(groups.get(key) ?? []), difference]);
  }
  return [...groups].sort((a, b) => b[1].length - a[1].length).map(([key, group]) => `    ${group.length} × ${key} (doc ${group[0]!.doc}: expected ${short(group[0]!.expected)} actual ${short(group[0]!.actual)})`);
}

const files = pipelineTestFiles(readdirSync(folder));
const results = files.map((file) => ({ file, comparison: compareFile(file) }));
for (const { file, comparison } of results) {
  const extra = comparison.differences.filter((difference) => difference.kind === 'extra').length;
  console.log(`${file}: ${comparison.equal}/${comparison.fields} expected fields equal (${percentEqual(comparison)}%), ${extra} extra`);
  for (const line of describe(comparison.differences)) console.log(line);
}
const total = combine(results.map((result) => result.comparison));
console.log(`${source.name} total: ${total.equal}/${total.fields} expected fields equal (${percentEqual(total)}%) in ${files.length} files`);
