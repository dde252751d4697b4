/**
 * SHA-1 against Node's, and Community ID v1 against what Elasticsearch's `community_id` processor
 * wrote in the Sysmon ingest goldens (sysmon-9.01: IPv4 and IPv6, TCP and UDP, both directions).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { communityId, ipBytes } from '../../../src/sources/common/community-id.ts';
import { sha1 } from '../../../src/sources/common/sha1.ts';

describe('sha1', () => {
  it('equals node:crypto on any bytes (lengths around the 55/56/64-byte padding edges included)', () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff);
      expect(Buffer.from(sha1(bytes)).toString('hex')).toBe(createHash('sha1').update(bytes).digest('hex'));
    }
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => Buffer.from(sha1(bytes)).toString('hex') === createHash('sha1').update(bytes).digest('hex')));
  });
});

describe('communityId', () => {
  it.each([
    ['10.0.2.15', 62141, '10.0.2.3', 53, 'udp', '1:TXczQujzvcGYSvZ/CKEBu1p2riE='],
    ['10.0.2.15', 1138, '40.77.226.250', 443, 'tcp', '1:W2ZbP8nXMY+YAGYw2h/3Sa8Gu/w='],
    // Both directions of a flow hash alike.
    ['10.0.2.15', 137, '10.0.2.255', 137, 'udp', '1:0p51df9oGzNph3fcneX2H8jXsag='],
    ['10.0.2.255', 137, '10.0.2.15', 137, 'udp', '1:0p51df9oGzNph3fcneX2H8jXsag='],
    ['fe80:0:0:0:e488:b85c:5262:ff86', 55542, 'ff02:0:0:0:0:0:1:3', 5355, 'udp', '1:4DSgubObvMEI9IKNWPDqltrux+k='],
    // The same addresses written compressed.
    ['fe80::e488:b85c:5262:ff86', 55542, 'ff02::1:3', 5355, 'UDP', '1:4DSgubObvMEI9IKNWPDqltrux+k='],
    ['a9fe:b419:0:0:f880:2301:e0:ffff', 55717, 'e000:fc:0:0:0:0:0:0', 5355, 'udp', '1:SHkoHfPFDYWai8qQBwIiRxvCPZw='],
  ])('%s:%i → %s:%i %s', (sourceIp, sourcePort, destinationIp, destinationPort, transport, expected) => {
    expect(communityId({ sourceIp, sourcePort, destinationIp, destinationPort, transport })).toBe(expected);
  });

  it('is undefined where the processor fails: bad address, mixed families, unknown protocol, missing port, ICMP', () => {
    const flow = { sourceIp: '10.0.0.1', sourcePort: 1, destinationIp: '10.0.0.2', destinationPort: 2 };
    expect([
      communityId({ ...flow, sourceIp: '10.0.0.256', transport: 'tcp' }),
      communityId({ ...flow, destinationIp: '::1', transport: 'tcp' }),
      communityId({ ...flow, transport: 'carrier-pigeon' }),
      communityId({ sourceIp: '10.0.0.1', destinationIp: '10.0.0.2', destinationPort: 2, transport: 'tcp' }),
      communityId({ ...flow, transport: 'icmp' }),
    ]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    // Protocols without ports hash without them; the IANA number wins over the name.
    expect(communityId({ sourceIp: '10.0.0.1', destinationIp: '10.0.0.2', transport: 'gre' })).toBe(communityId({ sourceIp: '10.0.0.1', destinationIp: '10.0.0.2', ianaNumber: 47, transport: 'tcp' }));
  });

  it('reads IPv6 in every written form', () => {
    expect(Array.from(ipBytes('::ffff:1.2.3.4')!)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4]);
    expect(Array.from(ipBytes('::1')!)).toEqual([...Array<number>(15).fill(0), 1]);
    expect(Array.from(ipBytes('fe80::1%12')!).slice(0, 2)).toEqual([0xfe, 0x80]);
    expect([ipBytes('1::2::3'), ipBytes('1:2:3:4:5:6:7'), ipBytes('g::1'), ipBytes('host')]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
