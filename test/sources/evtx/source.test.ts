/** The `evtx` source through intake: recognised by magic, streamed, every record accounted for, never cut by the pool planner. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sourceStage } from '../../../src/sources/registry.ts';
import { UNREADABLE } from '../../../src/sources/evtx/source.ts';
import { planTasks } from '../../../src/workers/scan-parts.ts';
import { scanBytes } from '../../ingest/helpers/scan.ts';
import { evtxData, needEvtxData } from './shared-evtx.ts';

describe('evtx source', () => {
  if (!needEvtxData()) return;
  const security = () => new Uint8Array(readFileSync(evtxData('omerbenamram-evtx/samples/security.evtx')));

  it('maps every record of a log fed in odd pieces, named by its channel, with data streams set', async () => {
    const { files, events } = await scanBytes('Security.evtx', security(), { sources: sourceStage }, [1, 4095, 70_000, 333]);
    expect(files).toHaveLength(1);
    const [file] = files;
    expect(file!.status).toBe('scanned');
    expect(file!.source).toMatchObject({ name: 'evtx', records: 2261, events: 2261, detail: 'channel Security', notMapped: {} });
    expect(file!.lines).toBe(2261);
    expect(events).toHaveLength(2261);
    const datasets = events.map(({ text }) => ((JSON.parse(text) as Record<string, Record<string, unknown>>)['data_stream']!)['dataset']);
    expect(new Set(datasets)).toEqual(new Set(['system.security']));
    expect(events.map(({ file, line }) => `${file}:${line}`).slice(0, 2)).toEqual(['Security.evtx:1', 'Security.evtx:2']);
  });

  it('a file cut short: the records before the cut are events, the cut chunk\'s others are counted with the reader\'s reason', async () => {
    const bytes = security().subarray(0, 4096 + 3 * 65536 + 20_000);
    const { files, events } = await scanBytes('cut.evtx', bytes, { sources: sourceStage });
    const tally = files[0]!.source!;
    const lost = tally.notMapped[UNREADABLE]!;
    expect(lost.count).toBeGreaterThan(0);
    expect(lost.examples[0]!.message).toMatch(/^chunk 3, offset \d+/);
    expect(tally.records).toBe(events.length + lost.count);
    expect(files[0]!.lines).toBe(tally.records);
  });

  it('without sources a log is still skipped as binary, and the pool planner never cuts one', async () => {
    const { files } = await scanBytes('Security.evtx', security());
    expect(files[0]!.status).toBe('skipped');
    const tasks = await planTasks([{ name: 'Security.evtx', blob: new Blob([security()]) }], 4, 64 * 1024);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).not.toHaveProperty('range');
  });
});
