/**
 * The app's one IndexedDB database, `loupe`, and its schema in one place (every module that
 * opens it must agree on the version and the upgrade):
 * - v1 `newTermsRules`, `newTermsTerms`, `newTermsScans`: new-terms history (state-idb.ts)
 * - v2 `scans` (summary, stats and file summaries of finished scans), `scanData` (their alerts
 *   as NDJSON chunks, or one string if saved by an earlier version, and kept process events as
 *   NDJSON text, read only when a scan is opened), `ruleFiles` (rule files the user imported)
 *   and `settings` (switched-off rules).
 * - v3 `triage`: each alert's workflow status, closing reason and notes, keyed by scan and alert
 *   uuid (triage-store.ts).
 * - v4 `geoip`: the MaxMind databases (City/Country, ASN) the user dropped, one per role, used by
 *   every later scan (geoip-store.ts).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Runs } from '../engine/state/runs.ts';
import type { RuleMeta } from '../engine/state/model.ts';
import type { SavedScan, SavedScanData } from './saved-scan.ts';
import type { TriageRecord } from './triage-store.ts';
import type { StoredGeoIp } from './geoip-store.ts';

export const LOUPE_DB_NAME = 'loupe';
export const LOUPE_DB_VERSION = 4;

export interface LoupeSchema extends DBSchema {
  newTermsRules: { key: string; value: RuleMeta & { readonly ruleId: string } };
  newTermsTerms: { key: [string, string]; value: { readonly ruleId: string; readonly termKey: string; readonly runs: Runs } };
  newTermsScans: { key: string; value: { readonly scanId: string; readonly parts: readonly number[] } };
  scans: { key: string; value: SavedScan };
  scanData: { key: string; value: { readonly id: string } & SavedScanData };
  ruleFiles: { key: string; value: { readonly file: string; readonly text: string; readonly importedAt: number } };
  settings: { key: string; value: { readonly name: string; readonly value: unknown } };
  triage: { key: [string, string]; value: TriageRecord; indexes: { byScan: string } };
  geoip: { key: string; value: StoredGeoIp };
}

export type LoupeDb = IDBPDatabase<LoupeSchema>;

export function openLoupeDb(name = LOUPE_DB_NAME): Promise<LoupeDb> {
  return openDB<LoupeSchema>(name, LOUPE_DB_VERSION, {
    upgrade(database) {
      const has = (store: string) => database.objectStoreNames.contains(store as never);
      if (!has('newTermsRules')) database.createObjectStore('newTermsRules', { keyPath: 'ruleId' });
      if (!has('newTermsTerms')) database.createObjectStore('newTermsTerms', { keyPath: ['ruleId', 'termKey'] });
      if (!has('newTermsScans')) database.createObjectStore('newTermsScans', { keyPath: 'scanId' });
      if (!has('scans')) database.createObjectStore('scans', { keyPath: 'id' });
      if (!has('scanData')) database.createObjectStore('scanData', { keyPath: 'id' });
      if (!has('ruleFiles')) database.createObjectStore('ruleFiles', { keyPath: 'file' });
      if (!has('settings')) database.createObjectStore('settings', { keyPath: 'name' });
      if (!has('geoip')) database.createObjectStore('geoip', { keyPath: 'kind' });
      if (!has('triage')) database.createObjectStore('triage', { keyPath: ['scanId', 'uuid'] }).createIndex('byScan', 'scanId');
    },
  });
}
