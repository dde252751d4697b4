/**
 * The export shapes cloud and SaaS consoles hand over, built from their documented formats:
 * objects wrapping an array of records (CloudTrail `{"Records":[…]}`, Azure diagnostic settings
 * `{"records":[…]}`, Microsoft Graph `{"@odata.context":…,"value":[…]}`), CSV (RFC 4180), UTF-16
 * with a BOM (Windows PowerShell 5), and CloudTrail digest files. Each must reach a source's
 * mapper as the same records, whatever the chunking, with every record or row accounted for.
 */
import { describe, expect, it } from 'vitest';
import type { EventObject } from '../../src/ingest/events.ts';
import type { IntakeFileSummary, SourceStage } from '../../src/ingest/intake.ts';
import { detectShape } from '../../src/ingest/shapes/detect.ts';
import { skippedLines } from '../../src/ingest/summary.ts';
import { notMappedRecords } from '../../src/ingest/summary.ts';
import { describeSource } from '../../src/sources/describe.ts';
import { sourceStage } from '../../src/sources/registry.ts';
import { gzip, utf8, zip } from './helpers/build.ts';
import { EVENTS } from './helpers/corpus.ts';
import { memorySource, scan, scanBytes } from './helpers/scan.ts';

const CHUNKINGS: readonly (readonly number[])[] = [[1], [3, 7], [64, 5], [1 << 20]];

/** CloudTrail records as the CloudTrail User Guide's log file examples show them (trimmed). */
const TRAIL = [
  { eventVersion: '1.08', userIdentity: { type: 'IAMUser', userName: 'Alice' }, eventTime: '2024-05-01T10:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', awsRegion: 'us-east-1', sourceIPAddress: '198.51.100.1', requestParameters: { userName: 'Bob' } },
  { eventVersion: '1.08', userIdentity: { type: 'Root' }, eventTime: '2024-05-01T10:00:01Z', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', awsRegion: 'us-east-1', responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: 'No' } },
  { eventVersion: '1.08', eventTime: '2024-05-01T10:00:02Z', eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', errorCode: 'Client.UnauthorizedOperation', note: 'brackets ] } [ { and "quotes" in a string' },
];

/** A stage that claims files whose first record has `eventVersion` (or, for CSV, an `id` column) and passes records through, tagged. */
function recordingStage(seen: { shape?: string; records?: readonly EventObject[] }[]): SourceStage {
  return ({ records, shape, prefix }) => {
    seen.push({ ...(shape !== undefined ? { shape } : {}), ...(records !== undefined ? { records } : {}) });
    const first = records?.[0] ?? JSON.parse(new TextDecoder().decode(prefix).split('\n')[0] ?? '{}');
    if (typeof first !== 'object' || first === null || !('eventVersion' in first || 'id' in first)) return undefined;
    return {
      source: 'test',
      host: 'h',
      map: (record) => (record.skip === 'yes' ? { notMapped: 'asked to skip', message: 'skip column says yes' } : { events: [{ mapped: record }] }),
    };
  };
}

/** Every record or row is an event, not mapped with a reason, or skipped with a reason. */
function expectAccounted(file: IntakeFileSummary | undefined): void {
  expect(file).toBeDefined();
  const notMapped = file?.source ? notMappedRecords(file.source) : 0;
  expect(file!.lines).toBe(file!.events + skippedLines(file!) + notMapped);
}

const mapped = (events: readonly { text: string }[]) => events.map(({ text }) => (JSON.parse(text) as { mapped: unknown }).mapped);

describe('objects wrapping an array of records', () => {
  const cases: readonly [string, string, readonly object[]][] = [
    ['CloudTrail log file, one line', JSON.stringify({ Records: TRAIL }), TRAIL],
    ['CloudTrail log file, pretty-printed with CRLF', JSON.stringify({ Records: TRAIL }, null, 2).replaceAll('\n', '\r\n'), TRAIL],
    ['two CloudTrail files concatenated', JSON.stringify({ Records: TRAIL.slice(0, 2) }) + '\n' + JSON.stringify({ Records: TRAIL.slice(2) }), TRAIL],
    ['Azure diagnostic settings blob', JSON.stringify({ records: TRAIL }), TRAIL],
    ['Microsoft Graph page', JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns', '@odata.count': 3, value: TRAIL, '@odata.nextLink': 'https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=x' }), TRAIL],
    ['aws cloudtrail lookup-events output', JSON.stringify({ Events: TRAIL, NextToken: 'abc' }), TRAIL],
    ['top-level array', JSON.stringify(TRAIL), TRAIL],
    ['pretty-printed values (jq .Records[])', TRAIL.map((record) => JSON.stringify(record, null, 2)).join('\n'), TRAIL],
  ];

  it.each(cases)('%s: the source sees and maps the unwrapped records', async (_name, text, records) => {
    for (const chunks of CHUNKINGS) {
      const seen: { shape?: string; records?: readonly EventObject[] }[] = [];
      const result = await scanBytes('f.json', utf8(text), { sources: recordingStage(seen) }, chunks);
      expect(seen[0]?.records).toEqual(records.slice(0, 4));
      expect(mapped(result.events)).toEqual(records);
      expect(result.events.map(({ line }) => line)).toEqual(records.map((_, i) => i + 1));
      expect(result.files[0]).toMatchObject({ status: 'scanned', errors: [], lines: records.length, events: records.length });
      expectAccounted(result.files[0]);
    }
  });

  it.each([
    ['json-wrapped', JSON.stringify({ Records: [] })],
    ['json-wrapped', `{\n  "records": [\n    {"a": 1}`],
    ['json-wrapped', '{"@odata.context":"x","@odata.count":2,"value":[{"a":1}'],
    ['ndjson', '{"value":"not an array"}\n'],
    ['ndjson', '{"awsAccountId":"1","logFiles":[{"s3Object":"x"}]}'],
  ] as const)('shape %s: %s', (shape, text) => {
    expect(detectShape(utf8(text))).toBe(shape);
  });

  it('without a source the wrapped records are read as events', async () => {
    const result = await scanBytes('f.json', utf8(JSON.stringify({ records: EVENTS })), {}, [5]);
    expect(result.events.map(({ text }) => JSON.parse(text))).toEqual(EVENTS);
    expect(result.files[0]).toMatchObject({ shape: 'json-wrapped', lines: EVENTS.length, events: EVENTS.length });
  });

  it('S3 layout: AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz in a zip', async () => {
    const prefix = 'AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T1000Z_abc';
    const archive = zip([
      { name: `${prefix}1.json.gz`, data: gzip(utf8(JSON.stringify({ Records: TRAIL.slice(0, 1) }))) },
      { name: `${prefix}2.json.gz`, data: gzip(utf8(JSON.stringify({ Records: TRAIL.slice(1) }))) },
    ]);
    const result = await scanBytes('trail.zip', archive, { sources: recordingStage([]) }, [100]);
    expect(mapped(result.events)).toEqual(TRAIL);
    expect(result.files.map((file) => [file.containers, file.shape, file.events])).toEqual([
      [['zip', 'gzip'], 'json-wrapped', 1],
      [['zip', 'gzip'], 'json-wrapped', 2],
    ]);
  });

  it('damage inside a record is that record, named; a cut file names the record it ends in', async () => {
    const text = `{"Records":[${JSON.stringify(TRAIL[0])},{"eventVersion":"1.08",oops},${JSON.stringify(TRAIL[1])},${JSON.stringify(TRAIL[2]).slice(0, 40)}`;
    const result = await scanBytes('f.json', utf8(text), { sources: recordingStage([]) }, [9]);
    expect(mapped(result.events)).toEqual(TRAIL.slice(0, 2));
    const file = result.files[0]!;
    expect(file.skipped['not-json']).toMatchObject({ count: 2, examples: [{ line: 2 }, { line: 4 }] });
    expect(file.errors.map(({ message }) => message)).toEqual([expect.stringMatching(/^truncated JSON: the input ends inside record 4, which starts at byte \d+ \(line 1\)$/)]);
    expectAccounted(file);
  });

  it('streams: the first records come out before the rest of a large file is read', async () => {
    const records = Array.from({ length: 5000 }, (_, i) => ({ eventVersion: '1.08', eventName: `E${i}`, pad: 'x'.repeat(200) }));
    const bytes = utf8(JSON.stringify({ Records: records }));
    let pulled = 0;
    const source = {
      name: 'big.json',
      async *chunks() {
        for (let at = 0; at < bytes.length; at += 4096) {
          pulled = at + 4096;
          yield bytes.slice(at, at + 4096);
        }
      },
    };
    const { intake } = await import('../../src/ingest/intake.ts');
    let pulledAtFirst = -1;
    let count = 0;
    for await (const _ of intake([source], { sources: recordingStage([]) })) {
      if (count++ === 0) pulledAtFirst = pulled;
    }
    expect(count).toBe(records.length);
    // The probe reads 256 KiB ahead; the file is over 1 MiB.
    expect(pulledAtFirst).toBeLessThan(bytes.length / 3);
  });
});

/** A CSV document from its rows, quoting as RFC 4180 says (fields with commas, quotes or line breaks). */
function csv(rows: readonly (readonly string[])[], newline = '\r\n'): string {
  const quote = (field: string) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);
  return rows.map((row) => row.map(quote).join(',')).join(newline) + newline;
}

const AUDIT_DATA = JSON.stringify({ CreationTime: '2024-05-01T10:00:00', Operation: 'New-InboxRule', Parameters: [{ Name: 'From', Value: 'a@b, "c"' }] });
const CSV_ROWS: readonly (readonly string[])[] = [
  ['id', 'CreationDate', 'Operations', 'AuditData', 'skip'],
  ['1', '2024-05-01T10:00:00.0000000Z', 'New-InboxRule', AUDIT_DATA, 'no'],
  ['2', '2024-05-01T10:00:01Z', 'multi\r\nline, with "quotes"', '{}', 'no'],
  ['3', '', 'Zürich 東京 🦊', '', 'yes'],
];
const CSV_RECORDS = CSV_ROWS.slice(1).map((row) => Object.fromEntries(CSV_ROWS[0]!.map((name, i) => [name, row[i]])));

describe('CSV exports (RFC 4180)', () => {
  it.each([
    ['CRLF with a UTF-8 BOM (Purview export)', `\uFEFF${csv(CSV_ROWS)}`],
    ['LF, no final newline', csv(CSV_ROWS, '\n').slice(0, -1)],
    ['Windows PowerShell 5 Export-Csv (#TYPE line)', `#TYPE System.Management.Automation.PSCustomObject\r\n${csv(CSV_ROWS)}`],
  ])('%s: rows keyed by the header reach the source', async (_name, text) => {
    for (const chunks of CHUNKINGS) {
      const seen: { shape?: string; records?: readonly EventObject[] }[] = [];
      const result = await scanBytes('export.csv', utf8(text), { sources: recordingStage(seen) }, chunks);
      expect(seen[0]).toEqual({ shape: 'csv', records: CSV_RECORDS });
      expect(mapped(result.events)).toEqual(CSV_RECORDS.slice(0, 2));
      const file = result.files[0]!;
      expect(file).toMatchObject({ shape: 'csv', status: 'scanned', lines: 3, events: 2 });
      expect(file.source?.notMapped['asked to skip']).toMatchObject({ count: 1, examples: [{ line: 3 }] });
      expectAccounted(file);
    }
  });

  it('malformed rows are counted and named with their row and line; the rest is read', async () => {
    const text = ['id,name,skip', '1,a,no', '2,b', '"3,c,no', '4,"d"x,no', '', '5,e,no,extra', '6,"f', 'g",no'].join('\r\n');
    const result = await scanBytes('bad.csv', utf8(text), { sources: recordingStage([]) }, [4]);
    // Row 3's stray opening quote swallows the lines up to the next odd quote (line 8); line 9's runs to the end.
    expect(mapped(result.events)).toEqual([{ id: '1', name: 'a', skip: 'no' }]);
    const file = result.files[0]!;
    expect(file.skipped['bad-row'].examples.map(({ message }) => message)).toEqual([
      'row 2 (line 3): 2 fields where the header has 3',
      'row 3 (line 4): text after the closing quote of field 1',
      'row 4 (line 9): unterminated quoted field',
    ]);
    expect(file.lines).toBe(4);
    expectAccounted(file);

    const fixed = text.replace('"3,c,no', '3,c,no');
    const second = await scanBytes('bad.csv', utf8(fixed), { sources: recordingStage([]) }, [4]);
    expect(second.files[0]!.skipped['bad-row'].examples.map(({ message }) => message)).toEqual([
      'row 2 (line 3): 2 fields where the header has 3',
      'row 4 (line 5): text after the closing quote of field 2',
      'row 6 (line 7): 4 fields where the header has 3',
    ]);
    expect(second.files[0]!.skipped.blank.count).toBe(1);
    expect(mapped(second.events)).toEqual([
      { id: '1', name: 'a', skip: 'no' },
      { id: '3', name: 'c', skip: 'no' },
      { id: '6', name: 'f\r\ng', skip: 'no' },
    ]);
    expectAccounted(second.files[0]);
  });

  it('a hostile column name stays a plain own property', async () => {
    const result = await scanBytes('x.csv', utf8('id,__proto__,constructor\n1,{"polluted":true},x\n'), { sources: recordingStage([]) });
    const record = mapped(result.events)[0] as Record<string, unknown>;
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.hasOwn(record, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a CSV no source claims is skipped, naming its columns', async () => {
    const result = await scanBytes('x.csv', utf8('Date,Host,Message\n2024-05-01,a,"hello, world"\n'), { sources: sourceStage });
    expect(result.events).toEqual([]);
    expect(result.files[0]).toMatchObject({ shape: 'csv', status: 'skipped', reason: 'CSV with columns Date, Host, Message: no source reads these columns (rows not read)' });
  });

  it.each([
    ['csv', 'a,b\n1,2\n'],
    ['csv', '"Event ID","Event name"\r\n"x","y"\r\n'],
    ['ndjson', 'plain text, with a comma\nand another line\n'],
    ['ndjson', 'single column\nvalue\n'],
    ['ndjson', 'a,a\n1,2\n'],
  ] as const)('shape %s: %j', (shape, text) => {
    expect(detectShape(utf8(text))).toBe(shape);
  });
});

/** UTF-16 bytes of text, with its BOM. */
function utf16(text: string, bigEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0xfeff, !bigEndian);
  for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), !bigEndian);
  return bytes;
}

describe('UTF-16 with a BOM (Windows PowerShell 5 Out-File, Export-Csv -Encoding Unicode)', () => {
  it.each([
    ['LE', false],
    ['BE', true],
  ] as const)('UTF-16 %s: NDJSON, wrapped JSON and CSV read as their UTF-8 equivalent, at any chunking', async (_name, bigEndian) => {
    const inputs = [`${TRAIL.map((record) => JSON.stringify(record)).join('\r\n')}\r\n`, JSON.stringify({ Records: TRAIL }, null, 2), csv(CSV_ROWS)];
    for (const text of inputs) {
      const expected = await scanBytes('f', utf8(text), { sources: recordingStage([]) });
      for (const chunks of CHUNKINGS) {
        const result = await scanBytes('f', utf16(text, bigEndian), { sources: recordingStage([]) }, chunks);
        expect(mapped(result.events)).toEqual(mapped(expected.events));
        expect(result.files[0]).toMatchObject({ encoding: bigEndian ? 'utf-16be' : 'utf-16le', bom: true, shape: expected.files[0]!.shape, lines: expected.files[0]!.lines });
      }
    }
  });

  it('UTF-16 inside gzip inside zip', async () => {
    const text = csv(CSV_ROWS);
    const result = await scanBytes('a.zip', zip([{ name: 'audit.csv.gz', data: gzip(utf16(text, false)) }]), { sources: recordingStage([]) }, [33]);
    expect(mapped(result.events)).toEqual(CSV_RECORDS.slice(0, 2));
  });
});

describe('CloudTrail digest files', () => {
  // As the CloudTrail User Guide's "CloudTrail digest file structure" documents them.
  const digest = {
    awsAccountId: '111122223333',
    digestStartTime: '2024-05-01T09:00:00Z',
    digestEndTime: '2024-05-01T10:00:00Z',
    digestS3Bucket: 'trail-bucket',
    digestS3Object: 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20240501T100000Z.json.gz',
    digestPublicKeyFingerprint: '809a5ba6c1fe8a2f5d1a8c5d1d7a8f1e',
    digestSignatureAlgorithm: 'SHA256withRSA',
    newestEventTime: '2024-05-01T09:59:59Z',
    oldestEventTime: '2024-05-01T09:00:01Z',
    previousDigestS3Bucket: 'trail-bucket',
    previousDigestS3Object: 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01/prev.json.gz',
    previousDigestHashValue: 'aa',
    previousDigestHashAlgorithm: 'SHA-256',
    previousDigestSignature: 'bb',
    logFiles: [
      { s3Bucket: 'trail-bucket', s3Object: 'AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/a.json.gz', hashValue: 'cc', hashAlgorithm: 'SHA-256', newestEventTime: '2024-05-01T09:59:59Z', oldestEventTime: '2024-05-01T09:00:01Z' },
      { s3Bucket: 'trail-bucket', s3Object: 'AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/b.json.gz', hashValue: 'dd', hashAlgorithm: 'SHA-256', newestEventTime: '2024-05-01T09:59:59Z', oldestEventTime: '2024-05-01T09:00:01Z' },
    ],
  };

  it('recognised by content (any name, gzipped, in a zip), not read, and named in the summary (not a problem)', async () => {
    const archive = zip([
      { name: 'x/CloudTrail-Digest/us-east-1/2024/05/01/d.json.gz', data: gzip(utf8(JSON.stringify(digest))) },
      { name: 'renamed.txt', data: utf8(JSON.stringify(digest, null, 2)) },
    ]);
    const result = await scan([memorySource('trail.zip', archive, [50])], { sources: sourceStage });
    expect(result.events).toEqual([]);
    const note = 'digest file, skipped: integrity hashes of 2 log files, no events (aws cloudtrail validate-logs checks them)';
    expect(result.files.map(({ status, lines, events, source }) => ({ status, lines, events, source }))).toEqual([
      { status: 'scanned', lines: 0, events: 0, source: { name: 'aws.cloudtrail', host: 'trail', records: 0, events: 0, notMapped: {}, detail: note } },
      { status: 'scanned', lines: 0, events: 0, source: { name: 'aws.cloudtrail', host: 'trail', records: 0, events: 0, notMapped: {}, detail: note } },
    ]);
    expect(describeSource(result.files[0]!.source!)).toBe(`aws.cloudtrail (${note}), host trail: 0 CloudTrail events → 0 events`);
  });
});
