/** The scan account every summary renders (CLI, app, HTML report): warnings first, then each file. */
import { describe, expect, it } from 'vitest';
import type { RuleScanStats, ScanStats } from '../../../src/engine/detect/contract.ts';
import { accountScan } from '../../../src/engine/output/scan-account.ts';
import { fakeRuleStats } from '../../../src/ui/fake-scan-client.ts';
import { intake, type IntakeFileSummary } from '../../../src/ingest/intake.ts';
import { countExample, newFileSummary } from '../../../src/ingest/summary.ts';
import { utf8 } from '../../ingest/helpers/build.ts';
import { memorySource } from '../../ingest/helpers/scan.ts';

function rule(fields: Partial<RuleScanStats> = {}): RuleScanStats {
  return fakeRuleStats({ ruleId: 'r-1', name: 'Kerberos', eventsSeen: 10, fieldsRead: ['process.name', 'event.category'], ...fields });
}

const stats = (...rules: RuleScanStats[]): ScanStats => ({ events: 10, eventsWithoutIndex: 0, eventsWithoutTimestamp: 0, rules });

function file(name: string, fields: Partial<IntakeFileSummary> = {}, sample?: { keys: string[]; fields?: string[]; withTimestamp?: number; truncated?: boolean }): IntakeFileSummary {
  const summary: IntakeFileSummary = { ...newFileSummary(name), containers: [], errors: [], bytes: 100, lines: 10, events: 10, ...fields };
  if (sample) summary.sample = { events: 5, withTimestamp: sample.withTimestamp ?? 5, keys: sample.keys, fields: sample.fields ?? sample.keys, truncated: sample.truncated ?? false };
  return summary;
}

const ECS = { keys: ['@timestamp', 'process'], fields: ['@timestamp', 'process.name'] };

describe('accountScan: warnings', () => {
  it.each([
    [rule({ eventsMatched: 3, eventsWithoutTimestamp: 3 }), 'Kerberos (r-1): 3 matches could not become alerts: events have no usable @timestamp'],
    [rule({ eventsMatched: 1, eventsWithoutTimestamp: 1 }), 'Kerberos (r-1): 1 match could not become an alert: events have no usable @timestamp'],
    [rule({ eventsWithoutTimestamp: 2, timestampFields: ['event.ingested', '@timestamp'] }), 'Kerberos (r-1): 2 matches could not become alerts: events have no usable event.ingested or @timestamp'],
    [rule({ eventsWithoutTimestamp: 2, timestampFields: ['event.ingested'] }), 'Kerberos (r-1): 2 matches could not become alerts: events have no usable event.ingested'],
  ])('names a rule whose matches had no time, with the count', (stat, warning) => {
    expect(accountScan([file('a.ndjson', {}, ECS)], stats(stat)).warnings).toEqual([warning]);
  });

  it('leads with a rule\'s warnings that matches may have been lost', () => {
    const capped = rule({ warnings: ['sequence state capped at 4 events: 2 events did not fit; some sequences may be missed'] });
    expect(accountScan([file('a.ndjson', {}, ECS)], stats(capped)).warnings).toEqual(['Kerberos (r-1): sequence state capped at 4 events: 2 events did not fit; some sequences may be missed']);
  });

  it('says when no rule was loaded or none ran', () => {
    expect(accountScan([], stats()).warnings).toEqual(['no rules were loaded: no alert can be raised']);
    expect(accountScan([], stats(rule({ status: 'error' }), rule({ status: 'unsupported' }))).warnings).toEqual(['no rule ran (1 with errors, 1 unsupported): no alert can be raised']);
  });

  it('names a file whose events hold none of the fields any rule reads', () => {
    const inventory = file('inventory.json', { events: 2 }, { keys: ['name', 'size'], withTimestamp: 0 });
    expect(accountScan([file('a.ndjson', {}, ECS), inventory], stats(rule(), rule({ fieldsRead: ['file.path'] }))).warnings).toEqual([
      'inventory.json: no loaded rule can see any of its 2 events: the rules read none of their fields (keys name, size)',
    ]);
  });

  it('names a file of empty objects as unseen too', () => {
    expect(accountScan([file('empty.ndjson', { events: 1 }, { keys: [], withTimestamp: 0 })], stats(rule())).warnings).toEqual([
      'empty.ndjson: no loaded rule can see any of its 1 event: the rules read none of their fields (no keys)',
    ]);
  });

  it.each([
    ['the same field', ['process.name'], ['x', 'process.name']],
    ['an object the rule reads', ['process'], ['process.name']],
    ['a multi-field of it', ['process.name.caseless'], ['process.name']],
    ['a wildcard field name', ['proc*.name'], ['process.name']],
  ])('sees a file when a rule reads %s', (_name, fieldsRead, fields) => {
    const seen = file('seen.ndjson', {}, { keys: fields, fields });
    expect(accountScan([seen], stats(rule({ fieldsRead }))).warnings).toEqual([]);
  });

  it.each([
    ['a rule reads no field (it sees every event)', stats(rule(), rule({ fieldsRead: [] })), false],
    ['stats saved before rules said what they read', stats(rule({ fieldsRead: undefined })), false],
    ['the sample left names out', stats(rule()), true],
  ])('does not claim a file unseen when %s', (_name, scan, truncated) => {
    expect(accountScan([file('other.json', {}, { keys: ['name'], truncated })], scan).warnings).toEqual([]);
  });

  it('names a file read to the end that gave no events', () => {
    const junk = file('junk.log', { lines: 3, events: 0 });
    countExample(junk.skipped['not-json'], 1, 'x');
    countExample(junk.skipped['not-json'], 2, 'x');
    countExample(junk.skipped.blank, 3, 'blank line');
    expect(accountScan([junk], stats(rule())).warnings).toEqual(['junk.log: no events: 3 lines, none a JSON object (1 blank, 2 not JSON)']);
  });
});

describe('accountScan: files', () => {
  it.each([
    ['ECS events', file('a', {}, ECS), 'ECS events', true],
    ['ECS events in an export', file('a', { shape: 'elasticdump' }, ECS), 'ECS events (Elasticsearch export lines)', true],
    ['some without @timestamp', file('a', {}, { ...ECS, withTimestamp: 3 }), 'ECS events, 2 of the first 5 without @timestamp', false],
    ['ECS fields, no @timestamp', file('a', {}, { keys: ['process'], fields: ['process.name'], withTimestamp: 0 }), 'not ECS (no @timestamp): JSON objects with keys process', false],
    ['other keys', file('a', {}, { keys: ['@timestamp', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] }), 'not ECS: JSON objects with keys @timestamp, a, b, c, d, e, f, g, …', false],
    ['not read', file('a', { status: 'skipped', reason: 'binary data (NUL byte at offset 0)', lines: 0, events: 0 }), 'binary data (NUL byte at offset 0)', false],
    ['no objects', file('a', { events: 0 }), 'no JSON objects', false],
    ['empty objects', file('a', {}, { keys: [], withTimestamp: 0 }), 'not ECS (no @timestamp): empty JSON objects', false],
  ])('says what a file was recognised as: %s', (_name, summary, recognised, clean) => {
    expect(accountScan([summary], stats(rule())).files[0]).toMatchObject({ recognised, clean });
  });

  it('notes every line not read as an event, with examples, and every problem', () => {
    const summary = file('a.ndjson', { lines: 20, events: 10, status: 'error', reason: 'cut', errors: [{ file: 'a.ndjson', message: 'cut' }, { file: 'a.ndjson', message: 'data after the document', line: 20 }] }, ECS);
    for (let line = 1; line <= 7; line++) countExample(summary.skipped['not-json'], line, `bad ${line}`);
    countExample(summary.skipped.blank, 8, 'blank line');
    countExample(summary.invalidUtf8, 9, '1 invalid UTF-8 sequence replaced with U+FFFD');
    summary.invalidUtf8.sequences = 1;
    summary.bom = true;
    const account = accountScan([summary], stats(rule()));
    expect(account.files[0]!.notes).toEqual([
      { text: '1 blank line skipped', examples: [] },
      { text: '7 lines skipped: not JSON', examples: ['line 1: bad 1', 'line 2: bad 2', 'line 3: bad 3', 'line 4: bad 4', 'line 5: bad 5', '… 2 more'] },
      { text: 'invalid UTF-8 in 1 line (1 sequence replaced with U+FFFD, lines still read)', examples: ['line 9: 1 invalid UTF-8 sequence replaced with U+FFFD'] },
      { text: 'cut', examples: [] },
      { text: 'line 20: data after the document', examples: [] },
      { text: 'started with a UTF-8 byte order mark (ignored)', examples: [] },
    ]);
    expect(account.problems).toEqual(['a.ndjson: cut; data after the document']);
    expect(account.linesSkipped).toBe(8);
    expect(account.skipped.map(({ label, count, examples }) => [label, count, examples.length])).toEqual([
      ['blank', 1, 0],
      ['not JSON', 7, 6],
    ]);
  });

  it('says what a source read from raw evidence, and counts skipped lines, not records, as skipped', () => {
    const raw = file('mbp/es.json', { lines: 13, events: 20, source: { name: 'eslogger', host: 'mbp', records: 12, events: 20, notMapped: {} } }, ECS);
    countExample(raw.skipped['not-json'], 13, 'cut');
    const account = accountScan([{ ...raw, sourceText: 'eslogger, host mbp: 12 messages → 20 events' }], stats(rule()));
    expect(account.files[0]).toMatchObject({ recognised: 'eslogger, host mbp: 12 messages → 20 events', events: 20, lines: 13, skipped: 1 });
  });

  it('names raw evidence none of whose records became an event', () => {
    const raw = file('mbp/es.json', { lines: 4, events: 0, source: { name: 'eslogger', host: 'mbp', records: 4, events: 0, notMapped: {} } });
    expect(accountScan([raw], stats(rule())).warnings).toEqual(['mbp/es.json: no events: none of its 4 records mapped to an ECS event']);
  });

  it('reads the summaries intake writes', async () => {
    const run = intake([
      memorySource('events.ndjson', utf8(`${JSON.stringify({ '@timestamp': '2024-05-01T00:00:00Z', process: { name: 'kcc' } })}\nnot json\n`)),
      memorySource('inventory.json', utf8(`${JSON.stringify({ name: 'a', size: 1 })}\n`)),
    ]);
    for await (const _batch of run.batches());
    const account = accountScan(run.files, stats(rule()));
    expect(account.files.map(({ file, recognised, events, lines, clean }) => ({ file, recognised, events, lines, clean }))).toEqual([
      { file: 'events.ndjson', recognised: 'ECS events', events: 1, lines: 2, clean: false },
      { file: 'inventory.json', recognised: 'not ECS (no @timestamp): JSON objects with keys name, size', events: 1, lines: 1, clean: false },
    ]);
    expect(account.warnings).toEqual(['inventory.json: no loaded rule can see any of its 1 event: the rules read none of their fields (keys name, size)']);
  });
});
