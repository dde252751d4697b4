/**
 * GeoIP/ASN enrichment as Elasticsearch's `geoip` processor writes it, with the processors
 * Elastic's cloud integrations run after mapping:
 *
 *   geoip { field: source.ip, target_field: source.geo }                  (City or Country database)
 *   geoip { database_file: GeoLite2-ASN.mmdb, field: source.ip, target_field: source.as,
 *           properties: [asn, organization_name] }
 *   rename source.as.asn → source.as.number, source.as.organization_name → source.as.organization.name
 *
 * The City properties written by default are continent_name, country_iso_code, country_name,
 * region_iso_code (country ISO code, "-", the most specific subdivision's ISO code), region_name
 * (that subdivision's English name), city_name and location {lat, lon}; a Country database gives
 * the first three. English names (`names.en`), as Elasticsearch reads them. A property the record
 * lacks is left out; an address the database does not hold (private ranges) gets nothing.
 *
 * Every source that enriches calls `enrichGeoIp` once per event after mapping.
 */
import { getPath, putPath, type Doc } from '../doc.ts';
import { isJsonObject } from '../json.ts';
import { parseIp } from './ip.ts';
import { MmdbError, MmdbReader, type MmdbValue } from './mmdb.ts';

/** The databases a scan was given (`--geoip FILE`, or the app's stored files). */
export interface GeoIpDatabases {
  /** A City or Country database: `*.geo`. */
  readonly geo?: MmdbReader;
  /** An ASN (or ISP) database: `*.as`. */
  readonly asn?: MmdbReader;
}

export type GeoIpKind = 'geo' | 'asn';

/** Which role a database plays, from its metadata's `database_type` (`GeoLite2-City`, `GeoLite2-ASN`, `GeoIP2-ISP`...). */
export function geoIpKind(reader: MmdbReader): GeoIpKind | undefined {
  const type = reader.metadata.databaseType;
  if (/ASN|ISP/i.test(type)) return 'asn';
  if (/City|Country/i.test(type)) return 'geo';
  return undefined;
}

/** A database file as the CLI reads it or the app keeps it. */
export interface GeoIpFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Opens each file and assigns it its role; a file that is not a usable City/Country/ASN database throws MmdbError naming it. */
export function openGeoIp(files: readonly GeoIpFile[]): GeoIpDatabases {
  let geo: MmdbReader | undefined;
  let asn: MmdbReader | undefined;
  for (const file of files) {
    let reader: MmdbReader;
    try {
      reader = new MmdbReader(file.bytes);
    } catch (error) {
      throw new MmdbError(`${file.name}: ${(error as Error).message}`);
    }
    const kind = geoIpKind(reader);
    if (kind === undefined) throw new MmdbError(`${file.name}: database type "${reader.metadata.databaseType}" is neither a City/Country nor an ASN database`);
    if (kind === 'geo') geo = reader;
    else asn = reader;
  }
  return { ...(geo ? { geo } : {}), ...(asn ? { asn } : {}) };
}

function text(value: unknown, path: string): string | undefined {
  const found = getPath(value, path);
  return typeof found === 'string' ? found : undefined;
}

function number(value: unknown, path: string): number | undefined {
  const found = getPath(value, path);
  return typeof found === 'number' ? found : undefined;
}

/** The `geo` object Elasticsearch writes for a City/Country record. */
export function geoFields(data: MmdbValue): Doc | undefined {
  if (!isJsonObject(data)) return undefined;
  const geo: Doc = {};
  const countryIso = text(data, 'country.iso_code');
  const put = (key: string, value: unknown): void => {
    if (value !== undefined) geo[key] = value;
  };
  put('continent_name', text(data, 'continent.names.en'));
  put('country_iso_code', countryIso);
  put('country_name', text(data, 'country.names.en'));
  const subdivisions = getPath(data, 'subdivisions');
  const subdivision = Array.isArray(subdivisions) && subdivisions.length > 0 ? (subdivisions[subdivisions.length - 1] as unknown) : undefined;
  const subdivisionIso = text(subdivision, 'iso_code');
  if (countryIso !== undefined && subdivisionIso !== undefined) put('region_iso_code', `${countryIso}-${subdivisionIso}`);
  put('region_name', text(subdivision, 'names.en'));
  put('city_name', text(data, 'city.names.en'));
  const lat = number(data, 'location.latitude');
  const lon = number(data, 'location.longitude');
  if (lat !== undefined && lon !== undefined) put('location', { lat, lon });
  return Object.keys(geo).length > 0 ? geo : undefined;
}

/** The `as` object after the integrations' renames. */
export function asFields(data: MmdbValue): Doc | undefined {
  if (!isJsonObject(data)) return undefined;
  const as: Doc = {};
  const asn = number(data, 'autonomous_system_number');
  const organisation = text(data, 'autonomous_system_organization');
  if (asn !== undefined) as['number'] = asn;
  if (organisation !== undefined) as['organization'] = { name: organisation };
  return Object.keys(as).length > 0 ? as : undefined;
}

/**
 * Adds `<prefix>.geo` and `<prefix>.as` for the address at `<prefix>.ip` of each prefix (default
 * `source`), when the databases hold it. Without databases, or for a value that is not an
 * address, the event is left as it is.
 */
export function enrichGeoIp(doc: Doc, databases: GeoIpDatabases | undefined, prefixes: readonly string[] = ['source']): void {
  if (databases === undefined || (databases.geo === undefined && databases.asn === undefined)) return;
  for (const prefix of prefixes) {
    const ip = getPath(doc, `${prefix}.ip`);
    const address = typeof ip === 'string' ? parseIp(ip) : undefined;
    if (address === undefined) continue;
    const geoRecord = databases.geo?.lookup(address);
    const geo = geoRecord ? geoFields(geoRecord.data) : undefined;
    if (geo) putPath(doc, `${prefix}.geo`, geo);
    const asRecord = databases.asn?.lookup(address);
    const as = asRecord ? asFields(asRecord.data) : undefined;
    if (as) putPath(doc, `${prefix}.as`, as);
  }
}
