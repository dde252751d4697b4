/**
 * The app's scan path (readers behind MessageChannels, events crossing as JSON text, one detector,
 * alerts as NDJSON chunks) with events nested thousands of levels deep, in NDJSON lines and in a
 * JSON array document (whose records the readers parse and write back as text): every alert is
 * kept, the deep ones byte for byte.
 */
import { describe, expect, it } from 'vitest';
import type { ScanPlan } from '../../src/workers/scan-plan.ts';
import { runScan } from '../../src/workers/scan-run.ts';
import { parseNdjson } from '../../src/workers/ndjson-chunks.ts';
import { ndjsonText } from './helpers/ndjson-text.ts';
import { readers } from './helpers/readers.ts';

const RULE = JSON.stringify({ rule_id: 'r', name: 'R', description: 'd', severity: 'low', risk_score: 21, type: 'query', language: 'kuery', index: ['logs-*'], interval: '5m', from: 'now-9m', query: 'event.action:x' });
const plan: ScanPlan = { rules: [{ file: 'r.ndjson', text: RULE }], disabled: [], now: Date.parse('2024-05-02T00:00:00Z'), scanId: 'deep', ignoreIndex: false, kibanaLimits: false, maxLineBytes: 8 * 1024 * 1024, keepProcessEvents: true };

const deepText = (depth: number) => `${'{"a":'.repeat(depth)}["leaf"]${'}'.repeat(depth)}`;
const eventText = (n: number, deep = '') => `{"@timestamp":"2024-05-01T00:00:0${n}Z","event":{"action":"x"},"n":${n}${deep === '' ? '' : `,"deep":${deep}`}}`;

describe('runScan with deeply nested events', () => {
  it.each([5_000, 100_000])('keeps every alert with events nested %i deep, in NDJSON and in a JSON array', async (depth) => {
    const deep = deepText(depth);
    const ndjson = `${eventText(1)}\n${eventText(2, deep)}\n${eventText(3)}\n`;
    const array = `[${eventText(4, deep)},${eventText(5)}]`;
    const pool = readers(2);
    try {
      const result = await runScan([{ name: 'a.ndjson', blob: new Blob([ndjson]) }, { name: 'b.json', blob: new Blob([array]) }], plan, pool.readers);
      expect(result.alertCount).toBe(5);
      expect(parseNdjson<{ n: number }>(result.alertsNdjson).map((alert) => alert.n)).toEqual([1, 2, 3, 4, 5]);
      expect(ndjsonText(result.alertsNdjson).split(`"deep":${deep}`)).toHaveLength(3);
    } finally {
      pool.close();
    }
  });
});
