/** The page's warm-up scan (warm-up.ts) must really read and match its events, or it warms nothing. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readRuleTexts } from '../../src/cli/files.ts';
import { BUNDLED_RULES_DIR } from '../../src/cli/rule-pack.ts';
import { runScan } from '../../src/workers/scan-run.ts';
import { warmUpLines } from '../../src/workers/warm-up.ts';
import { readers } from './helpers/readers.ts';

describe('warm-up events', () => {
  it('are read as events from a plain and a gzip file by two readers, every line, none rejected, with rules selecting some', async () => {
    const count = 600;
    const text = warmUpLines(count);
    expect(text.split('\n').filter(Boolean)).toHaveLength(count);
    const pool = readers(2);
    try {
      const result = await runScan(
        [{ name: 'warm-up.ndjson', blob: new Blob([text]) }, { name: 'warm-up.ndjson.gz', blob: new Blob([gzipSync(text)]) }],
        { rules: await readRuleTexts([BUNDLED_RULES_DIR]), disabled: [], now: Date.UTC(2024, 0, 2), scanId: 'warm-up', ignoreIndex: false, kibanaLimits: false, maxLineBytes: 1024 * 1024, keepProcessEvents: true },
        pool.readers,
      );
      expect(result.stats.events).toBe(2 * count);
      // Some pass the prefilter and reach the rules: the matching code runs, not only the reading.
      expect(result.stats.eventsNotParsed).toBeLessThan(2 * count);
      expect(result.files.map((file) => [file.status, file.errors.length])).toEqual([['scanned', 0], ['scanned', 0]]);
      expect(result.stats.eventsWithoutTimestamp).toBe(0);
      expect(result.stats.rules.filter((rule) => rule.eventsMatched > 0).length).toBeGreaterThan(1);
    } finally {
      pool.close();
    }
  });
});
