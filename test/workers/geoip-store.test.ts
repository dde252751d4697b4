/**
 * The app keeps dropped MaxMind databases (IndexedDB `geoip`, loupe-db v4) and uses them for every
 * later scan: a dropped `.mmdb` is recognised by content, not scanned as evidence, and after a
 * reload a scan of GCP audit logs alone raises the AS-dependent prebuilt rule.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvidenceFile } from '../../src/ui/scan-client.ts';
import { keepGeoIp, keptGeoIp, looksLikeMmdb } from '../../src/workers/geoip-store.ts';
import { LOUPE_DB_VERSION, openLoupeDb } from '../../src/workers/loupe-db.ts';
import { GCP_ENTRIES, GEO_RULE } from '../sources/okta-gcp-fixtures.ts';
import { needShared, readShared } from '../support/shared-data.ts';
import { testClient, type TestClient } from './helpers/test-client.ts';

const mmdb = (name: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(new URL(`../sources/geoip/maxmind/${name}`, import.meta.url)));
const file = (path: string, bytes: Uint8Array<ArrayBuffer> | string): EvidenceFile => ({ path, file: new File([bytes], path, { lastModified: 0 }) });

describe('geoip store', () => {
  it('opens an older database, adding the store (idempotent upgrade), and keeps one database per role', async () => {
    const name = `geoip-${Math.random()}`;
    const v3 = await openDB(name, 3, { upgrade: (db) => void db.createObjectStore('settings', { keyPath: 'name' }) });
    v3.close();
    const db = await openLoupeDb(name);
    expect(db.version).toBe(LOUPE_DB_VERSION);
    expect(db.objectStoreNames.contains('geoip')).toBe(true);
    await keepGeoIp(db, 'old-asn.mmdb', mmdb('GeoLite2-ASN-Test.mmdb'));
    await keepGeoIp(db, 'city.mmdb', mmdb('GeoIP2-City-Test.mmdb'));
    await keepGeoIp(db, 'asn.mmdb', mmdb('GeoLite2-ASN-Test.mmdb'));
    expect((await keptGeoIp(db)).map((kept) => kept.name).sort()).toEqual(['asn.mmdb', 'city.mmdb']);
    await expect(keepGeoIp(db, 'decoder.mmdb', mmdb('MaxMind-DB-test-decoder.mmdb'))).rejects.toThrow(/neither a City\/Country nor an ASN/);
    db.close();
    await deleteDB(name);
  });

  it.each([
    ['a MaxMind database', mmdb('GeoIP2-Country-Test.mmdb'), true],
    ['NDJSON', new Uint8Array(new TextEncoder().encode('{"a":1}\n')), false],
    ['empty', new Uint8Array(0), false],
  ])('recognises %s by content: %s', async (_name, bytes, expected) => {
    expect(await looksLikeMmdb(new Blob([bytes]))).toBe(expected);
  });
});

const CORPUS = 'corpus/detection-rules.ndjson';
const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0).reverse()) await client.dispose();
});

describe('RealScanClient with dropped GeoIP databases', () => {
  if (!needShared(CORPUS)) return;

  it('keeps them and enriches later scans, also after a reload', async () => {
    const opened = await testClient();
    clients.push(opened);
    const rule = readShared(CORPUS).split('\n').find((line) => line.includes(GEO_RULE.ruleId))!;
    await opened.client.importRules([file('gke.ndjson', `${rule}\n`)]);
    const audit = file('audit.json', GCP_ENTRIES.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    const raisedBy = async (client: TestClient['client'], files: EvidenceFile[]) => {
      const result = await client.start(files, { useNewTermsState: false, now: Date.parse('2026-11-30T10:00:00Z') }, () => {}).result;
      expect(result.outcome).toBe('complete');
      return { alerts: result.alerts.filter((alert) => alert['kibana.alert.rule.rule_id'] === GEO_RULE.ruleId).length, files: result.files.map((scanned) => scanned.file) };
    };
    expect(await raisedBy(opened.client, [audit])).toEqual({ alerts: 0, files: ['audit.json'] });
    expect(await raisedBy(opened.client, [audit, file('GeoLite2-ASN-Test.mmdb', mmdb('GeoLite2-ASN-Test.mmdb'))])).toEqual({ alerts: 1, files: ['audit.json'] });
    const reloaded = await opened.reopen();
    clients.push(reloaded);
    expect(await raisedBy(reloaded.client, [audit])).toEqual({ alerts: 1, files: ['audit.json'] });
  });
});
