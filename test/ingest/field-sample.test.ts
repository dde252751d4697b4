/**
 * Each file's field sample: the first events' keys and fields, taken whatever a line hook (the
 * prefilter) decides, so a summary can say what a file holds even when no line of it was parsed.
 */
import { describe, expect, it } from 'vitest';
import { EsloggerWriter } from '../../scripts/sample/eslogger-messages.ts';
import { intake, type IntakeOptions, type IntakeSource } from '../../src/ingest/intake.ts';
import { sourceStage } from '../../src/sources/registry.ts';
import { appendSummary, MAX_SAMPLE_FIELDS, newFileSummary, SAMPLE_EVENTS } from '../../src/ingest/summary.ts';
import { utf8 } from './helpers/build.ts';
import { memorySource } from './helpers/scan.ts';

async function summaries(sources: readonly IntakeSource[], options?: IntakeOptions) {
  const run = intake(sources, options);
  for await (const _batch of run.batches());
  return run.files;
}

const lines = (...values: readonly unknown[]) => utf8(values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join('\n') + '\n');

describe('intake: the field sample of each file', () => {
  it('holds the keys and value paths of the first events, and how many had a @timestamp', async () => {
    const [file] = await summaries([
      memorySource('a.ndjson', lines('not json', { '@timestamp': 't', process: { name: 'kcc', args: ['a'] } }, { host: { name: 'h' }, '@timestamp': null }, { _index: 'i', _id: '1', _source: { '@timestamp': 't', user: { name: 'u' } } })),
    ]);
    expect(file!.sample).toEqual({
      events: 3,
      // A null @timestamp is no value; the export wrapper is unwrapped as the detector sees it.
      withTimestamp: 2,
      keys: ['@timestamp', 'process', 'host', 'user'],
      fields: ['@timestamp', 'process.name', 'process.args', 'host.name', 'user.name'],
      truncated: false,
    });
  });

  it('parses the first lines itself when a line hook counts every line without parsing it (the prefilter)', async () => {
    const seen: string[] = [];
    const events = Array.from({ length: 20 }, (_, i) => ({ name: `n${i}`, ...(i === 7 ? { late: true } : {}) }));
    const [file] = await summaries([memorySource('inventory.json', lines(...events))], {
      onLine: (text) => {
        seen.push(text);
        return { kind: 'not-parsed' };
      },
    });
    expect(seen).toHaveLength(20);
    expect(file!.events).toBe(20);
    // Bounded: only the first SAMPLE_EVENTS events are looked at (`late` is in the eighth).
    expect(file!.sample).toEqual({ events: SAMPLE_EVENTS, withTimestamp: 0, keys: ['name'], fields: ['name'], truncated: false });
  });

  it('samples the records of JSON documents too', async () => {
    const [file] = await summaries([memorySource('hits.json', utf8(JSON.stringify({ took: 1, hits: { hits: [{ _index: 'x', _id: '1', _source: { '@timestamp': 't', event: { code: 4624 } } }] } })))]);
    expect(file).toMatchObject({ shape: 'search-response', sample: { events: 1, withTimestamp: 1, keys: ['@timestamp', 'event'], fields: ['@timestamp', 'event.code'] } });
  });

  it('holds the ECS events a source mapped, not the raw records (what the rules see)', async () => {
    const w = new EsloggerWriter();
    const image = { executable: '/bin/zsh', signingId: 'com.apple.zsh', platform: true };
    const shell = w.running(500, 1, image, 501, '2024-05-01T09:00:00Z');
    w.exec(w.fork(shell, 501, '2024-05-01T10:00:00Z'), image, ['zsh', '-c', 'true'], '2024-05-01T10:00:01Z');
    const [file] = await summaries([memorySource('es.json', utf8(w.lines()))], { sources: sourceStage });
    expect(file!.source).toMatchObject({ name: 'eslogger' });
    expect(file!.sample!.events).toBe(file!.events);
    expect(file!.sample!.withTimestamp).toBe(file!.events);
    expect(file!.sample!.fields).toEqual(expect.arrayContaining(['@timestamp', 'process.name', 'event.category']));
    expect(file!.sample!.keys).not.toContain('event_type');
  });

  it('says when it left names out to stay bounded', async () => {
    const wide = Object.fromEntries(Array.from({ length: MAX_SAMPLE_FIELDS + 10 }, (_, i) => [`f${i}`, i]));
    const [file] = await summaries([memorySource('wide.ndjson', lines(wide))]);
    expect(file!.sample).toMatchObject({ events: 1, truncated: true });
    expect(file!.sample!.fields).toHaveLength(MAX_SAMPLE_FIELDS);
  });

  it('has no sample for a file without events', async () => {
    const [file] = await summaries([memorySource('junk.log', utf8('hello\nworld\n'))]);
    expect(file!.sample).toBeUndefined();
  });

  it('keeps the first part’s sample when the parts of one file are added up, and tops up a short one', () => {
    const part = (events: number, keys: string[]) => ({ ...newFileSummary('big.ndjson'), lines: events, events, sample: { events, withTimestamp: 0, keys, fields: keys, truncated: false } });
    const full = part(SAMPLE_EVENTS, ['a']);
    appendSummary(full, part(3, ['b']));
    expect(full.sample).toMatchObject({ events: SAMPLE_EVENTS, keys: ['a'] });
    const short = part(2, ['a']);
    appendSummary(short, part(SAMPLE_EVENTS, ['b']));
    expect(short.sample).toMatchObject({ events: SAMPLE_EVENTS, keys: ['a', 'b'] });
  });
});
