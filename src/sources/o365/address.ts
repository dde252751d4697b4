/**
 * `client.*` from the address the record gives (`ClientIP`, `ClientIPAddress`, `ActorIpAddress`),
 * as the o365 module reads it: `[ip]:port` and `ipv4:port` split (a text with `::` is taken as
 * IPv6, never `ip:port`), `client.ip` only when the address (or its bracketed part) is an IP,
 * `source.*` copied from `client.*`, `network.type` from the IP's form.
 */
import { parseIp } from '../../engine/fields/ip.ts';
import { putPath, type Doc } from '../common/doc.ts';

interface ClientAddress {
  readonly ip?: string;
  readonly port?: number;
}

function isIp(text: string): boolean {
  return parseIp(text) !== null;
}

function port(text: string): number | undefined {
  return /^\d{1,5}$/.test(text) ? Number(text) : undefined;
}

export function splitAddress(address: string): ClientAddress {
  const bracketed = address.includes(']:') ? /^\[([^\]]*)\]:(.*)$/.exec(address) : null;
  if (bracketed) return { ...(isIp(bracketed[1]!) ? { ip: bracketed[1]! } : {}), ...optionalPort(bracketed[2]!) };
  if (address.includes('.') && address.includes(':') && !address.includes('::')) {
    const colon = address.indexOf(':');
    const host = address.slice(0, colon);
    return { ...(isIp(host) ? { ip: host } : {}), ...optionalPort(address.slice(colon + 1)) };
  }
  return isIp(address) ? { ip: address } : {};
}

function optionalPort(text: string): { port?: number } {
  const value = port(text);
  return value === undefined ? {} : { port: value };
}

/** Writes `client.{address,ip,port}`, `source.{ip,port}` and `network.type`; returns the IP if any. */
export function putClient(doc: Doc, address: string): string | undefined {
  putPath(doc, 'client.address', address);
  const { ip, port: clientPort } = splitAddress(address);
  if (clientPort !== undefined) {
    putPath(doc, 'client.port', clientPort);
    putPath(doc, 'source.port', clientPort);
  }
  if (ip === undefined) return undefined;
  putPath(doc, 'client.ip', ip);
  putPath(doc, 'source.ip', ip);
  putPath(doc, 'network.type', ip.includes('.') ? 'ipv4' : 'ipv6');
  return ip;
}

/** `server.ip` and `destination.ip` when the server address is an IP. */
export function putServer(doc: Doc, address: string): string | undefined {
  putPath(doc, 'server.address', address);
  if (!isIp(address)) return undefined;
  putPath(doc, 'server.ip', address);
  putPath(doc, 'destination.ip', address);
  return address;
}
