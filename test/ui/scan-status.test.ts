import { describe, expect, it } from 'vitest';
import { scanStatusText } from '../../src/ui/scan/scan-status.ts';
import type { ScanResult } from '../../src/ui/scan-client.ts';

const result = (files: { file: string; status: string; reason?: string; source?: unknown }[], error?: string, saved: ScanResult['saved'] = { ok: true }): ScanResult =>
  ({ alerts: [], stats: { events: 120 }, files, saved, ...(error !== undefined ? { error } : {}) }) as unknown as ScanResult;

describe('scan status sentence', () => {
  it.each([
    ['a clean scan', result([{ file: 'a.ndjson', status: 'scanned' }]), 'Scan complete: 0 alerts from 120 events in 1 file.'],
    [
      'unreadable files are named once, with why',
      result([{ file: 'a.ndjson', status: 'scanned' }, { file: 'notes.pdf', status: 'skipped', reason: 'binary data' }], 'notes.pdf: binary data'),
      'Scan complete: 0 alerts from 120 events in 2 files. 1 file not read: notes.pdf (binary data).',
    ],
    [
      'other notes (the new-terms state) still show',
      result([{ file: 'x.gz', status: 'error', reason: 'truncated gzip' }], 'x.gz: truncated gzip; new-terms state was not saved: quota'),
      'Scan complete: 0 alerts from 120 events in 1 file. 1 file not read: x.gz (truncated gzip). new-terms state was not saved: quota',
    ],
    [
      'raw evidence names its source, host and what was mapped',
      result([{ file: 'mbp/es.json', status: 'scanned', source: { name: 'eslogger', host: 'mbp', records: 12, events: 9, notMapped: { 'event types with no Defend equivalent': { count: 3, examples: [] } } } }]),
      'Scan complete: 0 alerts from 120 events in 1 file. Raw evidence mapped to ECS: mbp/es.json: eslogger, host mbp: 12 messages → 9 events; 3 not mapped: event types with no Defend equivalent (3).',
    ],
  ])('%s', (_name, scan, text) => {
    expect(scanStatusText('complete', undefined, scan, undefined)).toBe(text);
  });
});
