/**
 * The sources Loupe knows, and the stage hosts hand to intake (`IntakeOptions.sources`): for each
 * NDJSON file, the first source whose sniff recognises its first records maps the file; a file
 * no source recognises is read as ECS events, as before, on the raw-line fast path.
 */
import { SOURCE_PROBE_RECORDS, type BytesMapping, type RecordMapping, type SourceStage } from '../ingest/intake.ts';
import type { ShapeName } from '../ingest/shapes/detect.ts';
import { azureActivityLogsSource, azureAuditLogsSource, azureSignInLogsSource } from './azure/index.ts';
import { cloudTrailDigest } from './cloudtrail/digest.ts';
import { cloudTrailSource } from './cloudtrail/index.ts';
import { esloggerSource } from './eslogger/index.ts';
import { evtxSource } from './evtx/source.ts';
import { gcpAuditSource } from './gcp/index.ts';
import { jamfProtectSource } from './jamf-protect/index.ts';
import { o365AuditSource } from './o365/index.ts';
import { oktaSystemSource } from './okta/index.ts';
import { osqueryResultsSource } from './osquery/index.ts';
import type { GeoIpDatabases } from './common/geoip/enrich.ts';
import type { BytesSource, RawRecord, RecordSource, SkippedFileKind, Source, SourceProbe } from './types.ts';

export const RECORD_SOURCES: readonly RecordSource[] = [
  esloggerSource,
  jamfProtectSource,
  osqueryResultsSource,
  azureSignInLogsSource,
  azureAuditLogsSource,
  azureActivityLogsSource,
  o365AuditSource,
  oktaSystemSource,
  gcpAuditSource,
  cloudTrailSource,
];
/** Binary sources, recognised by magic bytes before a file is skipped as binary. */
export const BYTES_SOURCES: readonly BytesSource[] = [evtxSource];
export const SOURCES: readonly Source[] = [...RECORD_SOURCES, ...BYTES_SOURCES];
/** Files recognised as holding no events, skipped with a note. */
export const SKIPPED_FILES: readonly SkippedFileKind[] = [cloudTrailDigest];

/** The JSON objects on the first lines of `prefix` (a line cut by the end of the prefix does not parse and is left out). */
export function probeRecords(prefix: Uint8Array): RawRecord[] {
  const text = new TextDecoder().decode(prefix);
  const records: RawRecord[] = [];
  for (const line of text.split('\n')) {
    if (records.length >= SOURCE_PROBE_RECORDS) break;
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

/**
 * What sources see of a file: for NDJSON (no `records` given) the objects on the prefix's first
 * lines; for other shapes the records intake cut from inside them (array elements, `Records[]`,
 * CSV rows). Undefined when the file holds no record a source could read.
 */
function probeOf(prefix: Uint8Array, records?: readonly RawRecord[], shape?: ShapeName): SourceProbe | undefined {
  if (records !== undefined) return records.length === 0 ? undefined : { prefix, records, ...(shape !== undefined ? { shape } : {}) };
  if (prefix.length === 0 || prefix[0] !== 0x7b) {
    // Sources read NDJSON objects: a file whose first byte is not `{` (after a BOM or blanks) needs the slower look.
    const start = prefix.findIndex((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09 && byte !== 0xef && byte !== 0xbb && byte !== 0xbf);
    if (start === -1 || prefix[start] !== 0x7b) return undefined;
  }
  const lines = probeRecords(prefix);
  return lines.length === 0 ? undefined : { prefix, records: lines, ...(shape !== undefined ? { shape } : {}) };
}

/** The source that recognises a file from its first bytes (and first records, for shapes other than NDJSON), if any. */
export function recogniseSource(prefix: Uint8Array, records?: readonly RawRecord[], shape?: ShapeName): RecordSource | undefined {
  const probe = probeOf(prefix, records, shape);
  return probe === undefined ? undefined : RECORD_SOURCES.find((source) => source.sniff(probe));
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

/** The stage for intake: every registered source, binary ones first (their magic is never JSON); `geoip` enriches addresses where the integrations do. */
export function createSourceStage(geoip?: GeoIpDatabases): SourceStage {
  return ({ path, prefix, host, records, shape }) => {
    const bytes = recogniseBytesSource(prefix);
    if (bytes !== undefined) {
      const mapper = bytes.createMapper({ path, host: host ?? defaultHostName(path), ...(geoip ? { geoip } : {}) });
      const mapping: BytesMapping = { kind: 'bytes', source: bytes.name, host: statedHost(bytes, host ?? defaultHostName(path)), push: (chunk) => mapper.push(chunk), end: () => mapper.end(), detail: () => mapper.detail() };
      return mapping;
    }
    const probe = probeOf(prefix, records, shape);
    if (probe === undefined) return undefined;
    for (const kind of SKIPPED_FILES) {
      const reason = kind.recognise(probe);
      if (reason !== undefined) return { kind: 'skip', source: kind.name, host: host ?? defaultHostName(path), reason };
    }
    const source = RECORD_SOURCES.find((candidate) => candidate.sniff(probe));
    if (source === undefined) return undefined;
    const hostName = host ?? defaultHostName(path);
    const mapper = source.createMapper({ path, host: hostName, ...(geoip ? { geoip } : {}) });
    const mapping: RecordMapping = { source: source.name, host: statedHost(source, hostName), map: (record) => mapper.map(record) };
    return mapping;
  };
}

/** The stage without GeoIP databases. */
export const sourceStage: SourceStage = createSourceStage();
