/**
 * Alert triage kept per scan in IndexedDB (`triage`, keyed by scan id and alert uuid), so a
 * reload or a closed tab loses no decision. Without a database (storage refused) triage lives
 * in memory for the page's life, and the app says nothing is kept.
 */
import { applyChange, type Triage, type TriageChange } from '../engine/alerts/triage.ts';
import { storageError } from './saved-scan.ts';
import type { LoupeDb } from './loupe-db.ts';

export interface TriageRecord extends Triage {
  readonly scanId: string;
  readonly uuid: string;
}

export type TriageMap = ReadonlyMap<string, Triage>;

function triageOfRecord({ scanId: _scanId, uuid: _uuid, ...triage }: TriageRecord): Triage {
  return triage;
}

export class TriageStore {
  private readonly memory = new Map<string, Map<string, Triage>>();

  constructor(private readonly db: LoupeDb | undefined) {}

  /** Every triaged alert of a scan, by alert uuid. */
  async forScan(scanId: string): Promise<Map<string, Triage>> {
    if (!this.db) return new Map(this.memory.get(scanId));
    const records = await this.db.getAllFromIndex('triage', 'byScan', scanId);
    return new Map(records.map((record) => [record.uuid, triageOfRecord(record)]));
  }

  /** Applies one change to the given alerts in one transaction; returns the scan's triage after it. */
  async change(scanId: string, uuids: readonly string[], change: TriageChange, now: string): Promise<Map<string, Triage>> {
    if (!this.db) {
      const scan = this.memory.get(scanId) ?? new Map<string, Triage>();
      for (const uuid of uuids) scan.set(uuid, applyChange(scan.get(uuid), change, now));
      this.memory.set(scanId, scan);
      return new Map(scan);
    }
    try {
      const tx = this.db.transaction('triage', 'readwrite');
      const store = tx.objectStore('triage');
      const previous = await Promise.all(uuids.map((uuid) => store.get([scanId, uuid])));
      await Promise.all(uuids.map((uuid, index) => store.put({ scanId, uuid, ...applyChange(previous[index] && triageOfRecord(previous[index]), change, now) })));
      await tx.done;
    } catch (error) {
      throw storageError(error, 'the triage');
    }
    return this.forScan(scanId);
  }

  /** Replaces a scan's triage (a case file imported). */
  async replace(scanId: string, triage: TriageMap): Promise<void> {
    if (!this.db) {
      this.memory.set(scanId, new Map(triage));
      return;
    }
    try {
      const tx = this.db.transaction('triage', 'readwrite');
      const store = tx.objectStore('triage');
      const old = await store.index('byScan').getAllKeys(scanId);
      await Promise.all(old.map((key) => store.delete(key)));
      await Promise.all([...triage].map(([uuid, entry]) => store.put({ ...entry, scanId, uuid })));
      await tx.done;
    } catch (error) {
      throw storageError(error, 'the triage');
    }
  }

  async deleteScan(scanId: string): Promise<void> {
    this.memory.delete(scanId);
    if (!this.db) return;
    const tx = this.db.transaction('triage', 'readwrite');
    const keys = await tx.store.index('byScan').getAllKeys(scanId);
    await Promise.all([...keys.map((key) => tx.store.delete(key)), tx.done]);
  }
}
