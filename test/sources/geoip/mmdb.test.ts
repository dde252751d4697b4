/**
 * The MaxMind DB reader against databases written here from the spec (every record size, both
 * trees, every data type, pointers of every size, damaged files) and against MaxMind's own
 * public test databases (maxmind/MaxMind-DB test-data, MIT licence, in ./maxmind/ with the
 * facts they were generated from: pkg/writer/*.go and source-data/*.json of that repository).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MmdbError, MmdbReader } from '../../../src/sources/common/geoip/mmdb.ts';
import { writeMmdb, type WriterValue } from './mmdb-writer.ts';

const maxmind = (name: string): MmdbReader => new MmdbReader(new Uint8Array(readFileSync(new URL(`./maxmind/${name}.mmdb`, import.meta.url))));

const NETWORKS = [
  { cidr: '1.2.3.0/24', data: { city: 'one' } },
  { cidr: '1.2.4.0/23', data: { city: 'two' } },
  { cidr: '10.0.0.1/32', data: { city: 'host' } },
  { cidr: '128.0.0.0/1', data: { city: 'upper half' } },
];

describe('databases written from the spec', () => {
  const cases = [24, 28, 32].flatMap((recordSize) => [4, 6].map((ipVersion) => ({ recordSize: recordSize as 24 | 28 | 32, ipVersion: ipVersion as 4 | 6 })));

  it.each(cases)('record size $recordSize, IPv$ipVersion tree: lookups and prefix lengths', ({ recordSize, ipVersion }) => {
    const reader = new MmdbReader(writeMmdb({ recordSize, ipVersion, networks: NETWORKS }));
    const offset = ipVersion === 6 ? 96 : 0;
    expect(reader.metadata).toMatchObject({ recordSize, ipVersion, databaseType: 'Loupe-Test', languages: ['en'], buildEpoch: 1700000000, formatMajor: 2 });
    const table: [string, string | undefined, number | undefined][] = [
      ['1.2.3.4', 'one', 24],
      ['1.2.3.255', 'one', 24],
      ['1.2.5.9', 'two', 23],
      ['1.2.6.0', undefined, undefined],
      ['10.0.0.1', 'host', 32],
      ['10.0.0.2', undefined, undefined],
      ['200.1.1.1', 'upper half', 1],
      ['0.0.0.0', undefined, undefined],
    ];
    for (const [ip, city, prefix] of table) {
      const result = reader.lookup(ip);
      expect(result === undefined ? undefined : (result.data as Record<string, unknown>)['city'], ip).toBe(city);
      if (prefix !== undefined) expect(result?.prefixLength, ip).toBe(prefix + offset);
    }
    if (ipVersion === 4) expect(reader.lookup('::1')).toBeUndefined();
  });

  it('IPv6 networks and IPv4 addresses in the ::/96 subtree of an IPv6 tree', () => {
    const reader = new MmdbReader(writeMmdb({ recordSize: 28, ipVersion: 6, networks: [{ cidr: '2001:db8::/32', data: 'doc' }, { cidr: '::5.6.7.0/120', data: 'mapped' }] }));
    expect(reader.lookup('2001:db8:1:2::3')?.data).toBe('doc');
    expect(reader.lookup('2001:db9::')).toBeUndefined();
    expect(reader.lookup('5.6.7.8')?.data).toBe('mapped');
    expect(reader.lookup('::5.6.7.8')).toEqual(reader.lookup('5.6.7.8'));
  });

  it('decodes every data type, with repeated strings read through pointers of each bias size', () => {
    const value: { [key: string]: WriterValue } = {
      text: 'unicode ☯ – ok',
      empty: '',
      long: 'y'.repeat(70000),
      uint16: 65535,
      uint32: 4294967295,
      uint64: 2n ** 60n,
      uint128: 2n ** 120n,
      int32: -268435456,
      double: 42.123456,
      float: { float: 1.5 },
      yes: true,
      no: false,
      bytes: new Uint8Array([0, 0, 0, 42]),
      list: [1, 'two', [3]],
      nested: { deeper: { deepest: 'x' } },
    };
    for (const padding of [0, 3000, 530000]) {
      // The second network repeats every string: with padding, the pointers back need 1, 2 and 3 bytes after the control byte (the 4-byte form needs a 128 MiB data section).
      const reader = new MmdbReader(writeMmdb({ recordSize: 32, ipVersion: 4, padding, networks: [{ cidr: '1.0.0.0/8', data: value }, { cidr: '2.0.0.0/8', data: { again: value, text: 'unicode ☯ – ok' } }] }));
      const first = reader.lookup('1.1.1.1')!.data as Record<string, unknown>;
      expect(first).toEqual({ ...value, float: 1.5, uint64: 2n ** 60n, uint128: 2n ** 120n });
      expect((reader.lookup('2.2.2.2')!.data as Record<string, unknown>)['again']).toEqual(first);
    }
  });

  it('keys named __proto__ are data, not prototypes', () => {
    const reader = new MmdbReader(writeMmdb({ recordSize: 24, ipVersion: 4, networks: [{ cidr: '1.0.0.0/8', data: JSON.parse('{"__proto__":{"polluted":true}}') as WriterValue }] }));
    const data = reader.lookup('1.2.3.4')!.data as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each([
    ['no metadata marker', () => new Uint8Array(100), /no metadata marker/],
    ['a record size the spec does not have', () => writeMmdb({ recordSize: 24, ipVersion: 4, networks: NETWORKS, metadata: { node_count: 1, record_size: 20, ip_version: 4, binary_format_major_version: 2 } }), /record size 20/],
    ['another format version', () => writeMmdb({ recordSize: 24, ipVersion: 4, networks: NETWORKS, metadata: { node_count: 1, record_size: 24, ip_version: 4, binary_format_major_version: 3 } }), /binary format 3/],
    ['a node count larger than the file', () => writeMmdb({ recordSize: 24, ipVersion: 4, networks: NETWORKS, metadata: { node_count: 99999, record_size: 24, ip_version: 4, binary_format_major_version: 2 } }), /larger than the file/],
    ['metadata that is not a map', () => writeMmdb({ recordSize: 24, ipVersion: 4, networks: NETWORKS, metadata: ['x'] as unknown as { [key: string]: WriterValue } }), /not a map/],
  ])('refuses %s with MmdbError', (_name, bytes, message) => {
    expect(() => new MmdbReader(bytes())).toThrow(MmdbError);
    expect(() => new MmdbReader(bytes())).toThrow(message);
  });

  it('damaged data raises MmdbError at lookup, never a wrong read', () => {
    const bytes = writeMmdb({ recordSize: 24, ipVersion: 4, networks: [{ cidr: '1.0.0.0/8', data: { key: 'value' } }] });
    const reader = new MmdbReader(bytes);
    const dataStart = reader.metadata.nodeCount * 6 + 16;
    const cases: [string, (copy: Uint8Array) => void, RegExp][] = [
      ['a map whose size runs past the data section', (copy) => (copy[dataStart] = (7 << 5) | 28), /past the data section|not a string/],
      ['a pointer to a pointer', (copy) => copy.set([(1 << 5) | 0, 0], dataStart), /points to another pointer/],
      ['an unknown type', (copy) => copy.set([0, 20], dataStart), /unknown data type/],
    ];
    for (const [name, damage, message] of cases) {
      const copy = bytes.slice();
      damage(copy);
      expect(() => new MmdbReader(copy).lookup('1.2.3.4'), name).toThrow(message);
    }
    expect(() => reader.lookup('not an ip')).toThrow(/not an IP address/);
  });

  it('nesting deeper than any real database is refused, not a stack overflow', () => {
    let deep: WriterValue = 'bottom';
    for (let i = 0; i < 2000; i++) deep = [deep];
    const reader = new MmdbReader(writeMmdb({ recordSize: 24, ipVersion: 4, networks: [{ cidr: '1.0.0.0/8', data: deep }] }));
    expect(() => reader.lookup('1.1.1.1')).toThrow(/nested too deeply/);
  });
});

describe("MaxMind's public test databases", () => {
  it('MaxMind-DB-test-decoder: every type as its generator wrote it (pkg/writer/decoder.go)', () => {
    const reader = maxmind('MaxMind-DB-test-decoder');
    expect(reader.metadata).toMatchObject({ databaseType: 'MaxMind DB Decoder Test', ipVersion: 6, recordSize: 24, languages: ['en'] });
    const all = reader.lookup('1.1.1.1')!.data as Record<string, unknown>;
    expect({ ...all, float: Math.fround(1.1) === all['float'] ? 'float32 1.1' : all['float'] }).toEqual({
      array: [1, 2, 3],
      bytes: new Uint8Array([0, 0, 0, 42]),
      boolean: true,
      double: 42.123456,
      float: 'float32 1.1',
      int32: -(2 ** 28),
      map: { mapX: { utf8_stringX: 'hello', arrayX: [7, 8, 9] } },
      uint16: 100,
      uint32: 2 ** 28,
      uint64: 2n ** 60n,
      uint128: 2n ** 120n,
      utf8_string: 'unicode! ☯ - ♫',
    });
    expect(reader.lookup('::0.0.0.0')!.data).toMatchObject({ array: [], boolean: false, map: {}, uint128: 0, utf8_string: '' });
    expect(reader.lookup('::255.255.255.255')!.data).toEqual({ double: Infinity, float: Infinity, int32: 2 ** 31 - 1, uint16: 0xffff, uint32: 0xffffffff, uint64: 2n ** 64n - 1n, uint128: 2n ** 128n - 1n });
    expect(reader.lookup('abcd::1')!.data).toEqual(all);
  });

  // Range 1.1.1.1–1.1.1.32 split into prefixes; each record's `ip` is its network's first address (pkg/writer/maxmind.go).
  const ipv4Table: [string, string, number][] = [
    ['1.1.1.1', '1.1.1.1', 32],
    ['1.1.1.3', '1.1.1.2', 31],
    ['1.1.1.7', '1.1.1.4', 30],
    ['1.1.1.15', '1.1.1.8', 29],
    ['1.1.1.31', '1.1.1.16', 28],
    ['1.1.1.32', '1.1.1.32', 32],
  ];
  it.each(['24', '28', '32'])('MaxMind-DB-test-ipv4-%s and -mixed-%s: networks, data and prefix lengths', (size) => {
    const ipv4 = maxmind(`MaxMind-DB-test-ipv4-${size}`);
    const mixed = maxmind(`MaxMind-DB-test-mixed-${size}`);
    expect(ipv4.metadata.recordSize).toBe(Number(size));
    for (const [ip, first, prefix] of ipv4Table) {
      expect(ipv4.lookup(ip)).toEqual({ data: { ip: first }, prefixLength: prefix });
      expect(mixed.lookup(ip)).toEqual({ data: { ip: `::${first}` }, prefixLength: prefix + 96 });
    }
    for (const ip of ['1.1.1.33', '1.1.1.0', '255.255.255.255']) expect(ipv4.lookup(ip), ip).toBeUndefined();
    expect(mixed.lookup('::2:0:40')?.data).toEqual({ ip: '::2:0:40' });
    expect(mixed.lookup('::2:0:60')).toBeUndefined();
  });

  it('GeoLite2-ASN-Test: a table of networks from its source data', () => {
    const reader = maxmind('GeoLite2-ASN-Test');
    expect(reader.metadata.databaseType).toBe('GeoLite2-ASN');
    const table: [string, Record<string, unknown> | undefined][] = [
      ['1.0.0.1', { autonomous_system_number: 15169, autonomous_system_organization: 'Google Inc.' }],
      ['1.128.0.1', { autonomous_system_number: 1221, autonomous_system_organization: 'Telstra Pty Ltd' }],
      ['12.81.92.7', { autonomous_system_number: 7018, autonomous_system_organization: 'AT&T Services' }],
      ['12.81.100.1', { autonomous_system_number: 7018 }],
      ['10.0.0.1', undefined],
    ];
    for (const [ip, data] of table) expect(reader.lookup(ip)?.data, ip).toEqual(data);
  });

  it('GeoIP2-City-Test-Invalid-Node-Count is refused', () => {
    expect(() => maxmind('GeoIP2-City-Test-Invalid-Node-Count')).toThrow(MmdbError);
  });
});
