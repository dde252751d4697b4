/**
 * Community ID flow hashing, version 1 (github.com/corelight/community-id-spec), as
 * Elasticsearch's `community_id` processor computes it from `source.{ip,port}`,
 * `destination.{ip,port}` and `network.iana_number` or `network.transport`:
 * `1:` + base64(SHA-1(seed (2 bytes) · lower address · higher address · protocol · 0 · lower port ·
 * higher port)), the endpoints ordered by address bytes, then port, so both directions of a flow
 * hash alike. Ports are part of the hash for TCP, UDP and SCTP only.
 * Not done: ICMP (its type/code pairing), which the sources that use this do not send.
 */
import { sha1 } from './sha1.ts';

/** The processor's transport names (network.transport) → IANA protocol numbers. */
const TRANSPORTS: Readonly<Record<string, number>> = { eigrp: 88, gre: 47, icmp: 1, icmpv6: 58, igmp: 2, 'ipv6-icmp': 58, ospf: 89, pim: 103, sctp: 132, tcp: 6, udp: 17 };
const WITH_PORTS = new Set([6, 17, 132]);
const ICMP = new Set([1, 58]);

/** An IPv4 or IPv6 address as bytes (4 or 16), or undefined when it is neither. */
export function ipBytes(text: string): Uint8Array | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    return parts.every((p) => p <= 255) ? Uint8Array.from(parts) : undefined;
  }
  if (!text.includes(':')) return undefined;
  let address = text.replace(/%.*$/, '');
  const tail = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(address);
  let tailBytes: number[] = [];
  if (tail) {
    const four = ipBytes(tail[1]!);
    if (!four) return undefined;
    tailBytes = [...four];
    address = `${address.slice(0, -tail[1]!.length)}0:0`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(all[i]!)) return undefined;
    const value = parseInt(all[i]!, 16);
    out[2 * i] = value >> 8;
    out[2 * i + 1] = value & 0xff;
  }
  if (tail) out.set(tailBytes, 12);
  return out;
}

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

export interface Flow {
  readonly sourceIp: string;
  readonly destinationIp: string;
  readonly sourcePort?: number;
  readonly destinationPort?: number;
  readonly ianaNumber?: number;
  readonly transport?: string;
}

/** The flow's Community ID, or undefined when the processor would fail (bad address, unknown protocol, missing port, ICMP). */
export function communityId(flow: Flow, seed = 0): string | undefined {
  const source = ipBytes(flow.sourceIp);
  const destination = ipBytes(flow.destinationIp);
  if (!source || !destination || source.length !== destination.length) return undefined;
  const protocol = flow.ianaNumber ?? (flow.transport === undefined ? undefined : TRANSPORTS[flow.transport.toLowerCase()]);
  if (protocol === undefined || ICMP.has(protocol)) return undefined;
  const ports = WITH_PORTS.has(protocol);
  let sourcePort = flow.sourcePort ?? 0;
  let destinationPort = flow.destinationPort ?? 0;
  if (ports && (flow.sourcePort === undefined || flow.destinationPort === undefined)) return undefined;
  let [low, high] = [source, destination];
  const order = compare(source, destination);
  if (order > 0 || (order === 0 && sourcePort > destinationPort)) {
    [low, high] = [destination, source];
    [sourcePort, destinationPort] = [destinationPort, sourcePort];
  }
  const bytes = new Uint8Array(2 + 2 * low.length + 2 + (ports ? 4 : 0));
  const view = new DataView(bytes.buffer);
  view.setUint16(0, seed);
  bytes.set(low, 2);
  bytes.set(high, 2 + low.length);
  let at = 2 + 2 * low.length;
  bytes[at++] = protocol;
  bytes[at++] = 0;
  if (ports) {
    view.setUint16(at, sourcePort);
    view.setUint16(at + 2, destinationPort);
  }
  return `1:${base64(sha1(bytes))}`;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding (no btoa: the engine's type config has no DOM). */
function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + (i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63]! : '=') + (i + 2 < bytes.length ? ALPHABET[n & 63]! : '=');
  }
  return out;
}
