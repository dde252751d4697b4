/**
 * GeoIP/ASN enrichment writes what Elasticsearch's geoip processor and the integrations' renames
 * write: checked against MaxMind's City/Country/ASN test databases (values from their source
 * data, maxmind/MaxMind-DB source-data/*.json) and against records written here for the rules
 * of each property (most specific subdivision, region ISO code only with both codes).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { enrichGeoIp, geoFields, openGeoIp } from '../../../src/sources/common/geoip/enrich.ts';
import { MmdbError } from '../../../src/sources/common/geoip/mmdb.ts';
import { rulesMissingGeoIp } from '../../../src/sources/common/geoip/rules.ts';
import { writeMmdb } from './mmdb-writer.ts';

const file = (name: string): { name: string; bytes: Uint8Array } => ({ name, bytes: new Uint8Array(readFileSync(new URL(`./maxmind/${name}`, import.meta.url))) });
const databases = openGeoIp([file('GeoIP2-City-Test.mmdb'), file('GeoLite2-ASN-Test.mmdb')]);

describe('enrichGeoIp with the MaxMind test databases', () => {
  it.each([
    ['89.160.20.128', { city_name: 'Linköping', continent_name: 'Europe', country_iso_code: 'SE', country_name: 'Sweden', location: { lat: 58.4167, lon: 15.6167 }, region_iso_code: 'SE-E', region_name: 'Östergötland County' }, { number: 29518, organization: { name: 'Bredband2 AB' } }],
    ['81.2.69.142', { city_name: 'London', continent_name: 'Europe', country_iso_code: 'GB', country_name: 'United Kingdom', location: { lat: 51.5142, lon: -0.0931 }, region_iso_code: 'GB-ENG', region_name: 'England' }, undefined],
    ['2.125.160.216', { city_name: 'Boxford', continent_name: 'Europe', country_iso_code: 'GB', country_name: 'United Kingdom', location: { lat: 51.75, lon: -1.25 }, region_iso_code: 'GB-WBK', region_name: 'West Berkshire' }, undefined],
    ['216.160.83.64', { continent_name: 'North America', country_iso_code: 'US', country_name: 'United States', location: { lat: 47.7511, lon: -120.7401 }, region_iso_code: 'US-WA', region_name: 'Washington' }, { number: 209 }],
    ['67.43.156.12', { continent_name: 'Asia', country_iso_code: 'BT', country_name: 'Bhutan', location: { lat: 27.5, lon: 90.5 } }, { number: 35908 }],
    ['192.168.1.1', undefined, undefined],
  ])('source.ip %s', (ip, geo, as) => {
    const doc: Record<string, unknown> = { source: { ip } };
    enrichGeoIp(doc, databases);
    expect(doc).toEqual({ source: { ip, ...(geo ? { geo } : {}), ...(as ? { as } : {}) } });
  });

  it('leaves events alone without databases, and values that are not addresses', () => {
    const doc = { source: { ip: '89.160.20.128' }, destination: { ip: 'not-an-ip' } };
    enrichGeoIp(doc, undefined);
    enrichGeoIp(doc, {});
    enrichGeoIp(doc, databases, ['destination']);
    expect(doc).toEqual({ source: { ip: '89.160.20.128' }, destination: { ip: 'not-an-ip' } });
  });

  it('a Country database gives continent and country only', () => {
    const country = openGeoIp([file('GeoIP2-Country-Test.mmdb')]);
    const doc = { source: { ip: '89.160.20.128' } };
    enrichGeoIp(doc, country);
    expect(doc.source).toEqual({ ip: '89.160.20.128', geo: { continent_name: 'Europe', country_iso_code: 'SE', country_name: 'Sweden' } });
  });

  it('files are told apart by database type; anything else is refused by name', () => {
    expect(Object.keys(databases).sort()).toEqual(['asn', 'geo']);
    const other = writeMmdb({ recordSize: 24, ipVersion: 4, databaseType: 'GeoIP2-Anonymous-IP', networks: [] });
    expect(() => openGeoIp([{ name: 'anon.mmdb', bytes: other }])).toThrow(/anon.mmdb: database type "GeoIP2-Anonymous-IP"/);
    expect(() => openGeoIp([{ name: 'junk.mmdb', bytes: new Uint8Array(10) }])).toThrow(MmdbError);
  });
});

describe('geoFields: the geoip processor’s City properties', () => {
  it.each([
    ['the most specific subdivision names the region', { country: { iso_code: 'GB', names: { en: 'UK' } }, subdivisions: [{ iso_code: 'ENG', names: { en: 'England' } }, { iso_code: 'WBK', names: { en: 'West Berkshire' } }] }, { country_iso_code: 'GB', country_name: 'UK', region_iso_code: 'GB-WBK', region_name: 'West Berkshire' }],
    ['no region ISO code without the country code', { subdivisions: [{ iso_code: 'WA', names: { en: 'Washington' } }] }, { region_name: 'Washington' }],
    ['English names only', { city: { names: { de: 'München' } }, continent: { names: { en: 'Europe', fr: 'Europe' } } }, { continent_name: 'Europe' }],
    ['a location needs both coordinates', { location: { latitude: 1.5 } }, undefined],
    ['not a map', 'text', undefined],
  ])('%s', (_name, record, expected) => {
    expect(geoFields(record)).toEqual(expected);
  });
});

describe('rulesMissingGeoIp: which loaded rules lose what without a database', () => {
  const rule = (name: string, fieldsRead: string[], extra: Partial<{ status: string; eventsSeen: number }> = {}) => ({ name, ruleId: name, status: 'ok', eventsSeen: 1, fieldsRead, ...extra });
  const rules = [
    rule('reads geo', ['source.geo.country_iso_code', 'event.action']),
    rule('reads as', ['source.as.organization.name', 'destination.as.number']),
    rule('reads client.geo (Okta writes it)', ['client.geo.country_name']),
    rule('saw no event', ['source.geo.city_name'], { eventsSeen: 0 }),
    rule('did not run', ['source.geo.city_name'], { status: 'error' }),
  ];
  it.each([
    [{ geo: false, asn: false }, ['reads as', 'reads geo']],
    [{ geo: true, asn: false }, ['reads as']],
    [{ geo: false, asn: true }, ['reads geo']],
    [{ geo: true, asn: true }, []],
  ])('loaded %j', (loaded, names) => {
    expect(rulesMissingGeoIp(rules, loaded).map(({ rule: { name } }) => name)).toEqual(names);
  });
  it('names the fields each rule reads', () => {
    expect(rulesMissingGeoIp(rules, { geo: true, asn: false })[0]!.fields).toEqual(['destination.as.number', 'source.as.organization.name']);
  });
});
