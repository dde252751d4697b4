/**
 * The sources Loupe knows, and the stage hosts hand to intake (`IntakeOptions.sources`): for each
 * NDJSON file, the first source whose sniff recognises its first records maps the file; a file
 * no source recognises is read as ECS events, as before, on the raw-line fast path.
 */
import type { BytesMapping, RecordMapping, SourceStage } from '../ingest/intake.ts';
import { azureActivityLogsSource, azureAuditLogsSource, azureSignInLogsSource } from './azure/index.ts';
import { esloggerSource } from './eslogger/index.ts';
import { evtxSource } from './evtx/source.ts';
import { jamfProtectSource } from './jamf-protect/index.ts';
import { osqueryResultsSource } from './osquery/index.ts';
import type { BytesSource, RawRecord, RecordSource, Source } from './types.ts';

export const RECORD_SOURCES: readonly RecordSource[] = [esloggerSource, jamfProtectSource, osqueryResultsSource, azureSignInLogsSource, azureAuditLogsSource, azureActivityLogsSource];
/** Binary sources, recognised by magic bytes before a file is skipped as binary. */
export const BYTES_SOURCES: readonly BytesSource[] = [evtxSource];
export const SOURCES: readonly Source[] = [...RECORD_SOURCES, ...BYTES_SOURCES];

/** Records a source sees to recognise a file. */
const PROBE_RECORDS = 4;

/** The JSON objects on the first lines of `prefix` (a line cut by the end of the prefix does not parse and is left out). */
export function probeRecords(prefix: Uint8Array): RawRecord[] {
  const text = new TextDecoder().decode(prefix);
  const records: RawRecord[] = [];
  for (const line of text.split('\n')) {
    if (records.length >= PROBE_RECORDS) break;
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) records.push(value as RawRecord);
    } catch {
      // Not JSON: no source can claim it from this line.
    }
  }
  return records;
}

/** The source that recognises a file from its first bytes, if any. */
export function recogniseSource(prefix: Uint8Array): RecordSource | undefined {
  if (prefix.length === 0 || prefix[0] !== 0x7b) {
    // Sources read NDJSON objects: a file whose first byte is not `{` (after a BOM or blanks) needs the slower look.
    const start = prefix.findIndex((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09 && byte !== 0xef && byte !== 0xbb && byte !== 0xbf);
    if (start === -1 || prefix[start] !== 0x7b) return undefined;
  }
  const records = probeRecords(prefix);
  if (records.length === 0) return undefined;
  return RECORD_SOURCES.find((source) => source.sniff({ prefix, records }));
}

/** The host name for a file when none was given: its top-level file or folder name without extensions. */
export function defaultHostName(path: string): string {
  const top = path.split('!')[0]!.replace(/[\\/]+$/, '');
  const name = top.slice(Math.max(top.lastIndexOf('/'), top.lastIndexOf('\\')) + 1);
  const bare = name.replace(/(\.[A-Za-z0-9]{1,8})+$/, '');
  return bare === '' ? name || 'unknown-host' : bare;
}

/** The binary source that recognises a file from its first bytes, if any. */
export function recogniseBytesSource(prefix: Uint8Array): BytesSource | undefined {
  return BYTES_SOURCES.find((source) => source.sniff(prefix));
}

/** The summary states the host: the hint, or for sources whose records name theirs, that they do. */
function statedHost(source: Source, hostName: string): string {
  return source.hostsInRecords ? `named by each record (else ${hostName})` : hostName;
}

/** The stage for intake: every registered source, binary ones first (their magic is never JSON). */
export const sourceStage: SourceStage = ({ path, prefix, host }) => {
  const bytes = recogniseBytesSource(prefix);
  if (bytes !== undefined) {
    const mapper = bytes.createMapper({ path, host: host ?? defaultHostName(path) });
    const mapping: BytesMapping = { kind: 'bytes', source: bytes.name, host: statedHost(bytes, host ?? defaultHostName(path)), push: (chunk) => mapper.push(chunk), end: () => mapper.end(), detail: () => mapper.detail() };
    return mapping;
  }
  const source = recogniseSource(prefix);
  if (source === undefined) return undefined;
  const hostName = host ?? defaultHostName(path);
  const mapper = source.createMapper({ path, host: hostName });
  const mapping: RecordMapping = { source: source.name, host: statedHost(source, hostName), map: (record) => mapper.map(record) };
  return mapping;
};
