/**
 * Okta System Log and Google Cloud audit log mapping against Elastic's Filebeat module goldens
 * (../shared/conformance/filebeat-modules/{okta/system,gcp/audit}), compared as Filebeat's module
 * test compares (test/support/pipeline-goldens.ts), with MaxMind's test databases for GeoIP/ASN
 * (the goldens' geo values come from them), and the fields Filebeat's input adds put in as its
 * test harness does (test/support/filebeat-input.ts). Loupe maps as the current integrations do, and the
 * goldens are the older Filebeat modules' output: every difference is listed by cause in
 * okta-gcp-deviations.json; an unlisted difference, a stale entry or fewer equal fields than
 * recorded fails. Pass counts are printed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openGeoIp } from '../../src/sources/common/geoip/enrich.ts';
import { createGcpAuditMapper } from '../../src/sources/gcp/map.ts';
import { createOktaMapper } from '../../src/sources/okta/map.ts';
import type { RecordMapper, SourceContext } from '../../src/sources/types.ts';
import { compareFilebeatModule, countByCause, percentEqual, readFilebeatModuleCase, unlisted, unused, type Deviation, type Doc } from '../support/pipeline-goldens.ts';
import { withFilebeatInput } from '../support/filebeat-input.ts';
import { needShared, sharedPath } from '../support/shared-data.ts';

interface Listed {
  readonly golden: string;
  readonly fields: number;
  readonly equal: number;
  readonly deviations: readonly Deviation[];
}

const LISTED = JSON.parse(readFileSync(new URL('./okta-gcp-deviations.json', import.meta.url), 'utf8')) as Record<string, Listed>;
const MAPPERS: Record<string, (context: SourceContext) => RecordMapper> = { 'okta.system': createOktaMapper, 'gcp.audit': createGcpAuditMapper };
const geoip = openGeoIp(['GeoIP2-City-Test.mmdb', 'GeoLite2-ASN-Test.mmdb'].map((name) => ({ name, bytes: new Uint8Array(readFileSync(new URL(`./geoip/maxmind/${name}`, import.meta.url))) })));

const goldens = Object.values(LISTED).map((listed) => `conformance/filebeat-modules/${listed.golden}`);
if (needShared(...goldens)) {
  describe('Filebeat module goldens', () => {
    it.each(Object.entries(LISTED))('%s equals its golden up to the listed deviations', (source, listed) => {
      const golden = readFilebeatModuleCase(sharedPath(`conformance/filebeat-modules/${listed.golden}`));
      const mapper = MAPPERS[source]!({ path: listed.golden, host: 'unused', geoip });
      const [module, fileset] = source.split('.') as [string, string];
      const actual = golden.lines.map((line, index) => {
        const result = mapper.map(JSON.parse(line) as Doc);
        return 'events' in result ? withFilebeatInput(result.events[0] as Doc, module, fileset, golden.offsets[index]!) : {};
      });
      const comparison = compareFilebeatModule(golden.expected, actual);
      console.log(`${source}: ${comparison.equal}/${comparison.fields} expected fields equal (${percentEqual(comparison)}%)`, countByCause(comparison.differences, listed.deviations));
      expect(unlisted(comparison.differences, listed.deviations)).toEqual([]);
      expect(unused(comparison.differences, listed.deviations)).toEqual([]);
      expect({ fields: comparison.fields, equal: comparison.equal }).toEqual({ fields: listed.fields, equal: listed.equal });
    });
  });
}
