/**
 * The Azure mapping against the Filebeat azure module's goldens (signinlogs 6, auditlogs 1,
 * activitylogs 4 pairs), compared as Filebeat's module tests compare (test/support/pipeline-goldens.ts):
 * every line mapped by its fileset's pipeline port (GeoIP from MaxMind's test databases, as
 * Elasticsearch's tests use), the fields Filebeat's input adds put in as the runner does, then flattened, the runner's fields deleted, list order ignored. Every difference
 * must be listed by cause in deviations.json (and every listed one still occur); the share of
 * expected fields equal is reported per fileset and must reach the bar there.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapActivity } from '../../../src/sources/azure/activitylogs.ts';
import { mapAudit } from '../../../src/sources/azure/auditlogs.ts';
import { openGeoIp, type GeoIpDatabases } from '../../../src/sources/common/geoip/enrich.ts';
import { finish } from '../../../src/sources/azure/index.ts';
import { mapSignIn } from '../../../src/sources/azure/signinlogs.ts';
import type { AzureMapped } from '../../../src/sources/azure/types.ts';
import { combine, compareFilebeatModule, countByCause, percentEqual, readFilebeatModuleCase, unlisted, unused, type Deviation, type Doc } from '../../support/pipeline-goldens.ts';
import { withFilebeatInput } from '../../support/filebeat-input.ts';
import { needShared, sharedPath } from '../../support/shared-data.ts';
import deviationsFile from './deviations.json' with { type: 'json' };

const ROOT = 'conformance/filebeat-modules/azure';
const FILESETS: Readonly<Record<string, (record: Record<string, unknown>, geoip?: GeoIpDatabases) => AzureMapped>> = { signinlogs: mapSignIn, auditlogs: mapAudit, activitylogs: mapActivity };
/** MaxMind's public test databases, the ones Elasticsearch's tests (and so these goldens) use. */
const geoip = openGeoIp(['GeoIP2-City-Test.mmdb', 'GeoLite2-ASN-Test.mmdb'].map((name) => ({ name, bytes: new Uint8Array(readFileSync(new URL(`../geoip/maxmind/${name}`, import.meta.url))) })));
const deviations = deviationsFile as Readonly<Record<string, { readonly bar: number; readonly deviations: readonly Deviation[] }>>;


function mapFile(fileset: string, logPath: string): { expected: Doc[]; actual: Doc[] } {
  const testCase = readFilebeatModuleCase(logPath);
  const actual = testCase.lines.map((line, index) => {
    const result = finish(FILESETS[fileset]!(JSON.parse(line) as Record<string, unknown>, geoip), logPath);
    if (!('events' in result)) return { error: { message: result.message } };
    return withFilebeatInput(result.events[0]!, 'azure', fileset, testCase.offsets[index]!);
  });
  return { expected: [...testCase.expected], actual };
}

if (needShared(ROOT)) {
  describe.each(Object.keys(FILESETS))('Filebeat azure/%s goldens', (fileset) => {
    const dir = sharedPath(`${ROOT}/${fileset}/test`);
    const logs = readdirSync(dir).filter((name) => name.endsWith('.log')).sort();
    const comparison = combine(logs.map((log) => {
      const { expected, actual } = mapFile(fileset, join(dir, log));
      const result = compareFilebeatModule(expected, actual);
      return { ...result, differences: result.differences.map((difference) => ({ ...difference, field: difference.field, log })) };
    }));
    const listed = deviations[fileset]!;

    it('reports the share of expected fields equal and the differences by cause', () => {
      console.info(`azure.${fileset}: ${comparison.equal}/${comparison.fields} expected fields equal (${percentEqual(comparison)}%) in ${logs.length} files`, countByCause(comparison.differences, listed.deviations));
      expect(percentEqual(comparison)).toBeGreaterThanOrEqual(listed.bar);
    });

    it('has no difference deviations.json does not list', () => {
      const missing = unlisted(comparison.differences, listed.deviations);
      if (process.env['AZURE_GOLDEN_DUMP']) writeFileSync(`${process.env['AZURE_GOLDEN_DUMP']}-${fileset}.json`, JSON.stringify(missing));
      expect(missing).toEqual([]);
    });

    it('lists no deviation that no longer occurs', () => {
      expect(unused(comparison.differences, listed.deviations)).toEqual([]);
    });
  });
}
