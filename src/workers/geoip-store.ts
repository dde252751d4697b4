/**
 * The MaxMind databases the app keeps (IndexedDB store `geoip`, loupe-db.ts v4): a dropped `.mmdb`
 * is recognised by its content (the metadata marker near its end), checked, and kept under its
 * role (`geo` for City/Country, `asn`), replacing the one before; every later scan gets them in its
 * plan (ScanPlan.geoip), as `loupe scan --geoip` does.
 */
import { geoIpKind, type GeoIpFile, type GeoIpKind } from '../sources/common/geoip/enrich.ts';
import { MmdbReader } from '../sources/common/geoip/mmdb.ts';
import type { LoupeDb } from './loupe-db.ts';

export interface StoredGeoIp {
  readonly kind: GeoIpKind;
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly databaseType: string;
  readonly savedAt: number;
}

const MARKER = [0xab, 0xcd, 0xef, ...Array.from('MaxMind.com', (char) => char.charCodeAt(0))];
/** The spec puts the metadata within a database's last 128 KiB. */
const TAIL_BYTES = 128 * 1024;

/** Whether a file's last bytes hold the MaxMind DB metadata marker (its name is never looked at). */
export async function looksLikeMmdb(file: Blob): Promise<boolean> {
  let tail: Uint8Array;
  try {
    tail = new Uint8Array(await file.slice(Math.max(0, file.size - TAIL_BYTES)).arrayBuffer());
  } catch {
    // Unreadable: left to the scan, which names the file and why.
    return false;
  }
  outer: for (let i = tail.length - MARKER.length; i >= 0; i--) {
    for (let j = 0; j < MARKER.length; j++) if (tail[i + j] !== MARKER[j]) continue outer;
    return true;
  }
  return false;
}

/** Checks and keeps a database under its role; throws MmdbError for a file that is not a City/Country/ASN database. */
export async function keepGeoIp(db: LoupeDb, name: string, bytes: Uint8Array, now = Date.now()): Promise<StoredGeoIp> {
  const reader = new MmdbReader(bytes);
  const kind = geoIpKind(reader);
  if (kind === undefined) throw new Error(`${name}: database type "${reader.metadata.databaseType}" is neither a City/Country nor an ASN database`);
  const stored: StoredGeoIp = { kind, name, bytes, databaseType: reader.metadata.databaseType, savedAt: now };
  await db.put('geoip', stored);
  return stored;
}

/** The kept databases, as a scan plan carries them. */
export async function keptGeoIp(db: LoupeDb | undefined): Promise<GeoIpFile[]> {
  if (!db) return [];
  return (await db.getAll('geoip')).map(({ name, bytes }) => ({ name, bytes }));
}
