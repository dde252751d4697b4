/**
 * The library's pack index in a scan plan (the app's build ships it beside the shards,
 * scripts/vite-pack-index.ts): every thread loads the library's rules from their summaries, only
 * for the library's own files, and the scan alerts exactly as one that compiles every rule; and a
 * reader that gets no task (one gzip file, two readers) never loads the rules at all.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fleetLines } from '../../bench/fleet/events.ts';
import { selectLibrary } from '../../src/engine/rules/pack/catalogue.ts';
import { packIndexOf, parsePackIndex } from '../../src/engine/rules/pack/pack-index.ts';
import { LIBRARY_DIR, planChecks, type ScanPlan } from '../../src/workers/scan-plan.ts';
import { runScan, type IntakeReader, type ScanFile } from '../../src/workers/scan-run.ts';
import { readPackCatalogue, readPackShards } from '../support/elastic-pack.ts';
import { ndjsonText } from './helpers/ndjson-text.ts';
import { readers } from './helpers/readers.ts';

const NOW = Date.parse('2024-05-02T00:00:00Z');
// The shards as the app names them (library-pack.ts), and the index the build makes of them.
const shards = readPackShards(LIBRARY_DIR);
const catalogue = readPackCatalogue();
const library = selectLibrary(catalogue, shards, {}).texts;
const packIndex = JSON.stringify(packIndexOf(catalogue, shards, 'sha256-of-the-shards'));

function plan(overrides: Partial<ScanPlan> = {}): ScanPlan {
  return { rules: library, disabled: [], now: NOW, scanId: 'pack-index', ignoreIndex: false, kibanaLimits: false, maxLineBytes: 8 * 1024 * 1024, keepProcessEvents: true, ...overrides };
}

/** `count` readers, each counting its `prepare` calls. */
function counted(count: number): { readers: IntakeReader[]; prepared: number[]; close(): void } {
  const pool = readers(count);
  const prepared = pool.readers.map(() => 0);
  return {
    ...pool,
    prepared,
    readers: pool.readers.map((reader, r) => ({ ...reader, prepare: (...args: Parameters<IntakeReader['prepare']>) => (prepared[r]!++, reader.prepare(...args)) })),
  };
}

const fleet = (events: number) => `${[...fleetLines(events)].join('\n')}\n`;

describe('a scan plan with the pack index', () => {
  it('serves library rules from the index, and never a rule of another file of the same name', () => {
    const index = parsePackIndex(packIndex)!.rules;
    // A marked summary shows where a check came from.
    const [id, stored] = Object.entries(index)[0]!;
    const marked = JSON.stringify({ ...JSON.parse(packIndex), rules: { ...index, [id]: { ...stored, summary: { ...stored.summary, fields: ['marked'] } } } });
    const shard = shards.find((text) => text.file.endsWith(`/${stored.file}`))!;
    const fromLibrary = planChecks({ rules: [shard], disabled: [], packIndex: marked });
    const imported = planChecks({ rules: [{ file: stored.file, text: shard.text }], disabled: [], packIndex: marked });
    const fields = (checks: typeof fromLibrary) => checks.find((check) => check.entry.rule.rule_id === id)!.summary?.fields;
    expect(fields(fromLibrary)).toEqual(['marked']);
    expect(fields(imported)).toEqual(stored.summary.fields);
    // Every runnable library rule that checks ok is in the index: none is compiled at load.
    expect(planChecks(plan({ packIndex })).filter((check) => check.status === 'ok' && check.compiled !== undefined)).toEqual([]);
  });

  it.each([1, 2])('alerts exactly as the compiled library with %i readers', async (count) => {
    const files: ScanFile[] = [{ name: 'fleet.ndjson', blob: new Blob([fleet(1200)]) }];
    const scan = async (scanPlan: ScanPlan) => {
      const pool = readers(count);
      try {
        return await runScan(files, scanPlan, pool.readers, { partBytes: 64 * 1024 });
      } finally {
        pool.close();
      }
    };
    const compiled = await scan(plan());
    const indexed = await scan(plan({ packIndex }));
    expect(compiled.alertCount).toBeGreaterThan(0);
    expect(ndjsonText(indexed.alertsNdjson)).toBe(ndjsonText(compiled.alertsNdjson));
    expect(indexed.stats.rules.map(({ millis: _millis, ...rule }) => rule)).toEqual(compiled.stats.rules.map(({ millis: _millis, ...rule }) => rule));
  }, 120_000);

  it('prepares only the readers that get a task', async () => {
    const gzip: ScanFile = { name: 'fleet.ndjson.gz', blob: new Blob([gzipSync(fleet(200))]) };
    const plain: ScanFile = { name: 'fleet.ndjson', blob: new Blob([fleet(200)]) };
    for (const [files, expected] of [
      [[gzip], [1, 0]],
      [[plain], [1, 1]],
    ] as const) {
      const pool = counted(2);
      try {
        const result = await runScan(files, plan({ packIndex }), pool.readers, { partBytes: 16 * 1024 });
        expect(result.stats.events).toBe(200);
        expect(pool.prepared).toEqual(expected);
      } finally {
        pool.close();
      }
    }
  }, 120_000);
});
