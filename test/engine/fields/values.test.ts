import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  booleanForm,
  cidrContains,
  compareIp,
  dateForm,
  keywordForm,
  numberForm,
  parseCidr,
  parseIp,
  truncateForIntegerField,
} from '../../../src/engine/fields/values.ts';

describe('keywordForm', () => {
  it.each([
    ['abc', 'abc'],
    [true, 'true'],
    [false, 'false'],
    [5, '5'],
    [1.5, '1.5'],
    [-0.25, '-0.25'],
  ])('%j → %j', (value, expected) => {
    expect(keywordForm(value)).toBe(expected);
  });
});

describe('numberForm', () => {
  it.each([
    [5, 5],
    [1.5, 1.5],
    ['5', 5],
    [' 42 ', 42],
    ['-3.5', -3.5],
    ['+7', 7],
    ['1e3', 1000],
    ['.5', 0.5],
    ['5.', 5],
    ['', null],
    ['abc', null],
    ['0x10', null],
    ['1,000', null],
    ['Infinity', null],
    ['NaN', null],
    [true, null],
  ])('%j → %j', (value, expected) => {
    expect(numberForm(value)).toBe(expected);
  });

  it('integer fields truncate toward zero', () => {
    expect([truncateForIntegerField(5.9), truncateForIntegerField(-5.9)]).toEqual([5, -5]);
  });
});

describe('booleanForm', () => {
  it.each([
    [true, true],
    [false, false],
    ['true', true],
    ['false', false],
    ['', false],
    ['TRUE', null],
    ['1', null],
    [1, null],
    [0, null],
  ])('%j → %j', (value, expected) => {
    expect(booleanForm(value)).toBe(expected);
  });
});

/** Epoch millis of a UTC date-time; Date.UTC itself maps years 0-99 to 19xx. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

describe('dateForm', () => {
  // A string of four digits, optionally after `-`, is an ISO year before it is epoch millis (ES tries
  // strict_date_optional_time first), so "2024" and "-1000" are years while "123" is 123 ms.
  it.each([
    ['2024-01-02T03:04:05.678Z', Date.UTC(2024, 0, 2, 3, 4, 5, 678)],
    ['2024-01-02T03:04:05Z', Date.UTC(2024, 0, 2, 3, 4, 5)],
    ['2024-01-02T03:04:05', Date.UTC(2024, 0, 2, 3, 4, 5)],
    ['2024-01-02T03:04', Date.UTC(2024, 0, 2, 3, 4)],
    ['2024-01-02T03', Date.UTC(2024, 0, 2, 3)],
    ['2024-01-02T', Date.UTC(2024, 0, 2)],
    ['2024-01-02', Date.UTC(2024, 0, 2)],
    ['2024-01', Date.UTC(2024, 0, 1)],
    ['2024', Date.UTC(2024, 0, 1)],
    ['2024-01-02T03:04:05+01:00', Date.UTC(2024, 0, 2, 2, 4, 5)],
    ['2024-01-02T03:04:05-0530', Date.UTC(2024, 0, 2, 8, 34, 5)],
    ['2024-01-02T03:04:05+01', Date.UTC(2024, 0, 2, 2, 4, 5)],
    ['2024-01-02T03:04+02:00', Date.UTC(2024, 0, 2, 1, 4)],
    ['2024-01-02T03:04:05.123456789Z', Date.UTC(2024, 0, 2, 3, 4, 5, 123)],
    ['2024-01-02T03:04:05,5Z', Date.UTC(2024, 0, 2, 3, 4, 5, 500)],
    ['2024-01-02T03:04:05.1+00:00', Date.UTC(2024, 0, 2, 3, 4, 5, 100)],
    ['2024-01-02T03:04:05UTC', Date.UTC(2024, 0, 2, 3, 4, 5)],
    ['2024-01-02T03:04:05GMT+02:00', Date.UTC(2024, 0, 2, 1, 4, 5)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['0050-06-01', utc(50, 5, 1)],
    ['-1000', utc(-1000, 0, 1)],
    ['-0001-12-31T23:59:59Z', utc(-1, 11, 31, 23, 59, 59)],
    ['-12345', -12_345],
    ['20240102', 20_240_102],
    [1_700_000_000_000, 1_700_000_000_000],
    ['1700000000000', 1_700_000_000_000],
    ['0', 0],
    ['1700000000000.5', 1_700_000_000_000],
    [2024, Date.UTC(2024, 0, 1)],
    [123, 123],
  ])('%j → %j', (value, expected) => {
    expect(dateForm(value)).toBe(expected);
  });

  it.each([
    '2023-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-01-32',
    '2024-01-02T24:00:00Z',
    '2024-01-02T23:60',
    '2024-01-02T23:59:60',
    '2024-01-02 03:04:05',
    '2024-01-02TZ',
    '2024-01-02T03:04:05.1234567890Z',
    '2024-01-02T03:04:05+19:00',
    '2024-01-02T03:04:05Europe/Paris',
    '24-01-02',
    'yesterday',
    '',
    '1.5e12',
  ])('%j is not a date', (value) => {
    expect(dateForm(value)).toBeNull();
  });

  it('rejects booleans', () => {
    expect(dateForm(true)).toBeNull();
  });

  it('agrees with Date.parse on full ISO timestamps', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        expect(dateForm(date.toISOString())).toBe(date.getTime());
      }),
    );
  });
});

const ipBytes = (text: string): number[] | null => {
  const address = parseIp(text);
  return address === null ? null : [...address.bytes];
};

describe('parseIp', () => {
  const v6 = (...hextets: number[]): number[] => hextets.flatMap((h) => [h >> 8, h & 0xff]);
  it.each([
    ['1.2.3.4', [1, 2, 3, 4]],
    ['0.0.0.0', [0, 0, 0, 0]],
    ['255.255.255.255', [255, 255, 255, 255]],
    ['::', v6(0, 0, 0, 0, 0, 0, 0, 0)],
    ['::1', v6(0, 0, 0, 0, 0, 0, 0, 1)],
    ['1::', v6(1, 0, 0, 0, 0, 0, 0, 0)],
    ['2001:db8::ff00:42:8329', v6(0x2001, 0xdb8, 0, 0, 0, 0xff00, 0x42, 0x8329)],
    ['2001:0DB8:0000:0000:0000:FF00:0042:8329', v6(0x2001, 0xdb8, 0, 0, 0, 0xff00, 0x42, 0x8329)],
    ['1:2:3:4:5:6:7::', v6(1, 2, 3, 4, 5, 6, 7, 0)],
    ['::2:3:4:5:6:7:8', v6(0, 2, 3, 4, 5, 6, 7, 8)],
    ['::ffff:1.2.3.4', [1, 2, 3, 4]],
    ['::ffff:0102:0304', [1, 2, 3, 4]],
    ['::1.2.3.4', v6(0, 0, 0, 0, 0, 0, 0x102, 0x304)],
    ['64:ff9b::192.0.2.33', v6(0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x221)],
    ['1:2:3:4:5:6:1.2.3.4', v6(1, 2, 3, 4, 5, 6, 0x102, 0x304)],
    ['fe80::1%eth0', v6(0xfe80, 0, 0, 0, 0, 0, 0, 1)],
  ])('%s', (text, expected) => {
    expect(ipBytes(text)).toEqual(expected);
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3.-4',
    '1..2.3',
    'a.b.c.d',
    ':',
    ':1::',
    '1:::2',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8::',
    '12345::',
    'g::1',
    '1.2.3.4::',
    '::1.2.3',
    'fe80::1%',
    'localhost',
    '1:2:3:4:5:6:7:1.2.3.4',
  ])('%j is invalid', (text) => {
    expect(parseIp(text)).toBeNull();
  });
});

describe('CIDR', () => {
  const contains = (cidr: string, ip: string): boolean => cidrContains(parseCidr(cidr)!, parseIp(ip)!);
  it.each([
    ['10.0.0.0/8', '10.255.1.2', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    ['10.1.2.3/8', '10.9.9.9', true],
    ['192.168.1.0/24', '192.168.1.255', true],
    ['192.168.1.0/24', '192.168.2.0', false],
    ['192.168.1.0/23', '192.168.0.7', true],
    ['1.2.3.4/32', '1.2.3.4', true],
    ['1.2.3.4/32', '1.2.3.5', false],
    ['1.2.3.4', '1.2.3.4', true],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['0.0.0.0/0', '::1', false],
    ['::/0', '8.8.8.8', true],
    ['::/0', '2001:db8::1', true],
    ['fe80::/10', 'fe80::1', true],
    ['fe80::/10', 'febf::1', true],
    ['fe80::/10', 'fec0::1', false],
    ['2001:db8::1/128', '2001:db8::1', true],
    ['2001:db8::1/128', '2001:db8::2', false],
    ['1.2.3.0/24', '::ffff:1.2.3.9', true],
    // IPv6 blocks over IPv4 addresses (mapped into ::ffff:0:0/96), whole and partial bytes.
    ['::/80', '1.2.3.4', true],
    ['::/84', '1.2.3.4', false],
    ['1.2.0.0/15', '1.3.255.255', true],
    ['1.2.0.0/16', '1.3.0.0', false],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    expect(contains(cidr, ip)).toBe(expected);
  });

  it.each([
    ['10.0.0.0/8', 8],
    ['::/0', 0],
    ['2001:db8::/128', 128],
    ['1.2.3.4', 32],
    ['::1', 128],
  ])('%s has prefix length %i', (cidr, prefix) => {
    expect(parseCidr(cidr)?.prefixLength).toBe(prefix);
  });

  it.each(['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/8/8', 'x/8', '::ffff:1.2.3.0/120', '::ffff:0:0/96', '10.0.0.0/a'])(
    '%j is invalid',
    (cidr) => {
      expect(parseCidr(cidr)).toBeNull();
    },
  );
});

describe('compareIp', () => {
  it('orders as Elasticsearch sorts ip values (IPv4 inside ::ffff:0:0/96)', () => {
    const sorted = ['2001:db8::1', '10.0.0.1', '::1', '9.255.255.255', 'ffff::', '::'].map((text) => parseIp(text)!);
    sorted.sort(compareIp);
    expect(sorted.map((address) => [...address.bytes].join(','))).toEqual(
      ['::', '::1', '9.255.255.255', '10.0.0.1', '2001:db8::1', 'ffff::'].map((text) => ipBytes(text)!.join(',')),
    );
  });

  it('treats IPv4 and its mapped IPv6 form as equal', () => {
    expect(compareIp(parseIp('1.2.3.4')!, parseIp('::ffff:1.2.3.4')!)).toBe(0);
  });

  it('round-trips every IPv4 address written as mapped IPv6', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(compareIp(parseIp(ip)!, parseIp(`::ffff:${ip}`)!)).toBe(0);
      }),
    );
  });

  it('accepts every generated IPv6 address and contains it in its own /128 and ::/0', () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const address = parseIp(ip);
        expect(address).not.toBeNull();
        expect(cidrContains(parseCidr('::/0')!, address!)).toBe(true);
        expect(cidrContains(parseCidr(ip)!, address!)).toBe(true);
      }),
    );
  });
});
