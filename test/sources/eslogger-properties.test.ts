/** Mapping never throws, whatever a message holds, and every line of a capture is accounted for. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EsloggerWriter, type EsMessage } from '../../scripts/sample/eslogger-messages.ts';
import { skippedLines } from '../../src/ingest/summary.ts';
import { createEsloggerMapper } from '../../src/sources/eslogger/map.ts';
import { sourceStage } from '../../src/sources/registry.ts';
import { utf8 } from '../ingest/helpers/build.ts';
import { scanBytes } from '../ingest/helpers/scan.ts';
import { damage } from './damage.ts';

/** Real-shaped messages of every kind the mapper reads, to damage. */
function validMessages(): EsMessage[] {
  const w = new EsloggerWriter();
  const shell = w.running(500, 1, { executable: '/bin/zsh', signingId: 'com.apple.zsh', platform: true }, 501, '2024-05-01T09:00:00Z');
  const child = w.exec(w.fork(shell, 501, '2024-05-01T10:00:00Z'), { executable: '/usr/bin/python3' }, ['python3', 'x.py'], '2024-05-01T10:00:01Z');
  w.open(child, '/Users/a/.ssh/id_rsa', '2024-05-01T10:00:02Z');
  w.close(child, '/tmp/x', true, '2024-05-01T10:00:03Z');
  w.create(child, '/tmp/y', '2024-05-01T10:00:04Z');
  w.rename(child, '/tmp/y', '/tmp/z', '2024-05-01T10:00:05Z');
  w.unlink(child, '/tmp/z', '2024-05-01T10:00:06Z');
  w.exit(child, '2024-05-01T10:00:07Z');
  return w.messages;
}

const mapResult = fc.constantFrom(...validMessages());

describe('eslogger mapping never throws', () => {
  it('on real-shaped messages with any one value replaced by any JSON value', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(mapResult, fc.nat(), fc.jsonValue({ maxDepth: 3 })), { maxLength: 12 }), (steps) => {
        const mapper = createEsloggerMapper({ path: 'es.json', host: 'h' });
        for (const [message, pick, replacement] of steps) {
          const damaged = damage(message, pick, replacement);
          if (typeof damaged !== 'object' || damaged === null || Array.isArray(damaged)) continue;
          const result = mapper.map(damaged as EsMessage);
          if ('events' in result) expect(Array.isArray(result.events)).toBe(true);
          else expect(typeof result.notMapped).toBe('string');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('on random objects', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('event', 'process', 'time', 'event_type', 'schema_version', 'action_type', 'x'), fc.jsonValue({ maxDepth: 4 })), (record) => {
        const result = createEsloggerMapper({ path: 'es.json', host: 'h' }).map(record);
        expect('events' in result || typeof result.notMapped === 'string').toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('on captures cut anywhere: every line is a message or skipped, every message mapped or counted', async () => {
    const text = validMessages().map((message) => JSON.stringify(message)).join('\n');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: text.length }), { maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 4 }), async (cuts, chunks) => {
        // Bytes cut out at several places (truncated messages, joined halves); the first message kept whole so the file is recognised.
        const first = text.indexOf('\n') + 1;
        let damaged = text;
        for (const cut of [...cuts].sort((a, b) => b - a)) if (cut > first) damaged = damaged.slice(0, cut) + damaged.slice(Math.min(damaged.length, cut + 37));
        const { files, events } = await scanBytes('es.json', utf8(damaged), { sources: sourceStage }, chunks);
        const file = files[0]!;
        const tally = file.source!;
        expect(tally.name).toBe('eslogger');
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
