/** Jamf Protect and osquery mapping never throws, whatever a record holds, and every line of a file is accounted for. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EsloggerWriter } from '../../scripts/sample/eslogger-messages.ts';
import { osqueryResultsLog } from '../../scripts/sample/osquery-results.ts';
import { skippedLines } from '../../src/ingest/summary.ts';
import { createJamfMapper } from '../../src/sources/jamf-protect/map.ts';
import { createOsqueryMapper } from '../../src/sources/osquery/map.ts';
import { sourceStage } from '../../src/sources/registry.ts';
import type { RecordMapper, SourceContext } from '../../src/sources/types.ts';
import { utf8 } from '../ingest/helpers/build.ts';
import { scanBytes } from '../ingest/helpers/scan.ts';
import { needShared, readShared } from '../support/shared-data.ts';
import { damage } from './damage.ts';
import { JAMF_LINES } from './jamf-fixtures.ts';

const HAS_JAMF = needShared(JAMF_LINES);

function osqueryLines(): string {
  const w = new EsloggerWriter();
  const shell = w.running(500, 1, { executable: '/bin/zsh', signingId: 'com.apple.zsh', platform: true }, 501, '2024-05-01T09:00:00Z');
  const child = w.exec(w.fork(shell, 501, '2024-05-01T10:00:00Z'), { executable: '/usr/bin/python3' }, ['python3', 'a b.py'], '2024-05-01T10:00:01Z');
  w.create(child, '/tmp/y', '2024-05-01T10:00:02Z');
  w.writeTo(child, '/tmp/y', '2024-05-01T10:00:03Z');
  w.rename(child, '/tmp/y', '/tmp/z', '2024-05-01T10:00:04Z');
  w.exit(child, '2024-05-01T10:00:05Z');
  const differential = osqueryResultsLog(w.messages, 'mbp').trim().split('\n');
  const rows = differential.map((line) => (JSON.parse(line) as { columns: unknown }).columns);
  return [...differential, JSON.stringify({ name: 'es', hostIdentifier: 'mbp', unixTime: 1714557600, snapshot: rows, action: 'snapshot' }), JSON.stringify({ name: 'es', hostIdentifier: 'mbp', diffResults: { added: rows, removed: [] } })].join('\n');
}

const SOURCES: { name: string; text: string; create: (context: SourceContext) => RecordMapper; keys: string[] }[] = [
  ...(HAS_JAMF ? [{ name: 'jamf_protect', text: readShared(JAMF_LINES).trim(), create: createJamfMapper, keys: ['event', 'process', 'time', 'event_type', 'host', 'metadata', 'action', 'glob_seq_num', 'x'] }] : []),
  { name: 'osquery', text: osqueryLines(), create: createOsqueryMapper, keys: ['name', 'hostIdentifier', 'columns', 'snapshot', 'diffResults', 'action', 'unixTime', 'x'] },
];

for (const source of SOURCES) {
  describe(`${source.name} mapping never throws`, () => {
    const records = source.text.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

    it('on real-shaped records with any one value replaced by any JSON value', () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.constantFrom(...records), fc.nat(), fc.jsonValue({ maxDepth: 3 })), { maxLength: 12 }), (steps) => {
          const mapper = source.create({ path: 'f', host: 'h' });
          for (const [record, pick, replacement] of steps) {
            const damaged = damage(record, pick, replacement);
            if (typeof damaged !== 'object' || damaged === null || Array.isArray(damaged)) continue;
            const result = mapper.map(damaged as Record<string, unknown>);
            if ('events' in result) expect(Array.isArray(result.events)).toBe(true);
            else expect(typeof result.notMapped).toBe('string');
          }
        }),
        { numRuns: 300 },
      );
    });

    it('on random objects', () => {
      fc.assert(
        fc.property(fc.dictionary(fc.constantFrom(...source.keys), fc.jsonValue({ maxDepth: 4 })), (record) => {
          const result = source.create({ path: 'f', host: 'h' }).map(record);
          expect('events' in result || typeof result.notMapped === 'string').toBe(true);
        }),
        { numRuns: 300 },
      );
    });

    it('on files cut anywhere: every line is a record or skipped, every record mapped or counted', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat({ max: source.text.length }), { maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 4 }), async (cuts, chunks) => {
          const first = source.text.indexOf('\n') + 1;
          let damaged = source.text;
          for (const cut of [...cuts].sort((a, b) => b - a)) if (cut > first) damaged = damaged.slice(0, cut) + damaged.slice(Math.min(damaged.length, cut + 37));
          const { files, events } = await scanBytes('f.log', utf8(damaged), { sources: sourceStage }, chunks);
          const file = files[0]!;
          const tally = file.source!;
          expect(tally.name).toBe(source.name);
          expect(file.lines).toBe(tally.records + skippedLines(file));
          expect(file.events).toBe(events.length);
          expect(tally.events).toBe(events.length);
          const notMapped = Object.values(tally.notMapped).reduce((sum, reason) => sum + reason.count, 0);
          expect(notMapped).toBeLessThanOrEqual(tally.records);
        }),
        { numRuns: 60 },
      );
    });
  });
}
