/**
 * The o365 mapping against the Filebeat o365 module's pipeline goldens, compared as Filebeat's
 * module tests compare (test/support/pipeline-goldens.ts): every golden line through the mapper,
 * scored per expected field; every difference must be one deviations.json names by cause.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openGeoIp } from '../../../src/sources/common/geoip/enrich.ts';
import { createO365Mapper } from '../../../src/sources/o365/map.ts';
import { combine, compareFilebeatModule, countByCause, percentEqual, readFilebeatModuleCase, unlisted, unused, type Comparison, type Deviation, type Doc } from '../../support/pipeline-goldens.ts';
import { withFilebeatInput } from '../../support/filebeat-input.ts';
import { needShared, sharedPath } from '../../support/shared-data.ts';

const GOLDENS = 'conformance/filebeat-modules/o365/audit/test';
/** MaxMind's public test databases, the ones Elasticsearch's geoip tests (and so these goldens) use. */
const geoip = openGeoIp(['GeoIP2-City-Test.mmdb', 'GeoLite2-ASN-Test.mmdb'].map((name) => ({ name, bytes: new Uint8Array(readFileSync(new URL(`../geoip/maxmind/${name}`, import.meta.url))) })));
interface DeviationsFile {
  readonly bar: number;
  readonly barExcludes: readonly string[];
  readonly deviations: Deviation[];
}
const { bar, barExcludes, deviations } = JSON.parse(readFileSync(new URL('./deviations.json', import.meta.url), 'utf8')) as DeviationsFile;
const excluded = (field: string) => barExcludes.some((pattern) => field.startsWith(pattern.slice(0, -1)));

function compareCase(file: string): Comparison {
  const golden = readFilebeatModuleCase(sharedPath(`${GOLDENS}/${file}`));
  const mapper = createO365Mapper({ path: file, host: 'unused', geoip });
  const actual = golden.lines.map((line, index) => {
    const result = mapper.map(JSON.parse(line) as Doc);
    if (!('events' in result)) return { notMapped: result.notMapped };
    expect(result.events).toHaveLength(1);
    return withFilebeatInput(result.events[0]!, 'o365', 'audit', golden.offsets[index]!);
  });
  return compareFilebeatModule(golden.expected, actual);
}

describe('o365 audit: Filebeat module goldens', () => {
  if (!needShared(GOLDENS)) return;
  const files = readdirSync(sharedPath(GOLDENS)).filter((name) => name.endsWith('.log')).sort();
  const results = new Map(files.map((file) => [file, compareCase(file)]));

  it.each(files)('%s: every difference is a listed deviation', (file) => {
    expect(unlisted(results.get(file)!.differences, deviations)).toEqual([]);
  });

  it('all goldens: counts by cause, no stale deviation', () => {
    const total = combine([...results.values()]);
    const byCause = countByCause(total.differences, deviations);
    const lines = files.map((file) => `${file}: ${percentEqual(results.get(file)!)}% of ${results.get(file)!.fields}`);
    const barFields = total.fields - total.differences.filter((difference) => difference.kind === 'missing' && excluded(difference.field)).length;
    const barShare = total.equal / barFields;
    console.info(
      `o365 goldens: ${total.equal}/${total.fields} expected fields equal (${percentEqual(total)}%)${barExcludes.length > 0 ? `; without ${barExcludes.join(', ')}: ${total.equal}/${barFields} (${(Math.floor(barShare * 1000) / 10).toFixed(1)}%)` : ''}\n  ${lines.join('\n  ')}\n  differences by cause: ${JSON.stringify(byCause, null, 1)}`,
    );
    expect(barShare * 100).toBeGreaterThanOrEqual(bar);
    expect(unused(total.differences, deviations)).toEqual([]);
    expect(byCause['unlisted']).toBeUndefined();
    // User-agent parsing aside, every expected field is equal.
    const enrichment = total.differences.filter((difference) => difference.kind === 'missing' && difference.field.startsWith('user_agent.')).length;
    expect(total.equal).toBe(total.fields - enrichment);
  });
});
