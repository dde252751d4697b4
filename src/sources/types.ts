/**
 * The source layer's contract. A source turns the raw records of one evidence format (eslogger
 * JSON, later EVTX, CloudTrail, ...) into ECS events shaped as Elastic's own agent or integration
 * writes them, with `data_stream.*` set so the rules' index patterns route them. Intake (bytes,
 * containers, lines) knows no source and the engine knows no source: hosts hand the registry
 * (`registry.ts`) to intake, which asks it once per file whether a source recognises the file.
 */
import type { GeoIpDatabases } from './common/geoip/enrich.ts';

/** An ECS event as a plain JSON object (nested, as agents write them). */
export type EcsEvent = Record<string, unknown>;

/** A record of the evidence as parsed JSON (one line of NDJSON, one element of an array). */
export type RawRecord = Readonly<Record<string, unknown>>;

export interface SourceContext {
  /** The file inside the evidence (`case.zip!host/es.json`): every event's `log.file.path`. */
  readonly path: string;
  /** Host name for records that carry no host fields (eslogger): `host.name`, `host.hostname`, `host.id`. */
  readonly host: string;
  /** GeoIP/ASN databases for sources that enrich addresses as Elastic's integrations do (`enrichGeoIp`). */
  readonly geoip?: GeoIpDatabases;
}

/**
 * What one record became: ECS events (possibly none, when the record only updates the source's
 * state), or not mapped with a reason (counted per file: the reason is the tally's key, so keep
 * it short and fixed; `message` says what exactly, for the first examples). `documentId`, for a
 * record mapped to one event, is the `_id` the integration gives its document (o365 fingerprints
 * the record's `Id`): the same record in two overlapping exports is then one document, as in
 * Elasticsearch, and `loupe events --bulk` writes it as the `_id`.
 */
export type MapResult = { readonly events: readonly EcsEvent[]; readonly documentId?: string } | { readonly notMapped: string; readonly message: string };

/** One file's mapping; stateful (eslogger keeps a process table across the file's messages). */
export interface RecordMapper {
  /** Never throws: a record it cannot read is `notMapped` with the reason. */
  map(record: RawRecord): MapResult;
}

/**
 * What a source sees to recognise a file: its first bytes and its first records. Records are
 * always unwrapped: for NDJSON the objects on the first whole lines; for a JSON array, an object
 * wrapping records (`{"Records":[…]}`, `{"records":[…]}`, `{"value":[…]}`) or pretty-printed
 * values, the first whole elements; for CSV the first rows as objects keyed by the header (all
 * values strings). Sniff records, not bytes: the bytes are the file's, wrapper and all.
 */
export interface SourceProbe {
  readonly prefix: Uint8Array;
  /** Up to SOURCE_PROBE_RECORDS records (non-objects and unparsable lines left out). */
  readonly records: readonly RawRecord[];
  /** The file's shape (`ndjson`, `json-array`, `json-wrapped`, `json-values`, `csv`). */
  readonly shape?: string;
}

/** Files that hold no events yet are recognisable (a CloudTrail digest file): skipped with a note. */
export interface SkippedFileKind {
  /** The source the file belongs to (`aws.cloudtrail`), named in its summary. */
  readonly name: string;
  /** The reason the file is skipped, when the probe is such a file. */
  recognise(probe: SourceProbe): string | undefined;
}

/** A source of JSON records (one per line). */
export interface RecordSource {
  readonly kind: 'records';
  /** Short name in summaries: `eslogger`. */
  readonly name: string;
  /** What a record is called in summaries: `message`. */
  readonly recordNoun: string;
  /** Records name their own host (Jamf's `host`, osquery's `hostIdentifier`): the hint only fills in for a record without one. */
  readonly hostsInRecords?: boolean;
  /** By content, never by file name. */
  sniff(probe: SourceProbe): boolean;
  createMapper(context: SourceContext): RecordMapper;
}

/** What a binary source made of some bytes: `MapResult`s, where a not-mapped result may stand for several records it could not read. */
export type BytesMapResult = MapResult | { readonly notMapped: string; readonly message: string; readonly records: number };

/** One binary file's mapping: bytes in as they arrive, results out; never throws on bad bytes. */
export interface BytesMapper {
  push(chunk: Uint8Array): BytesMapResult[];
  end(): BytesMapResult[];
  /** Said of the file in its summary once read (an event log's channel). */
  detail(): string | undefined;
}

/**
 * A binary source (EVTX): intake asks it before skipping a file as binary, then streams the
 * file's bytes through its mapper and counts the results like records.
 */
export interface BytesSource {
  readonly kind: 'bytes';
  readonly name: string;
  readonly recordNoun: string;
  /** Records name their own host. */
  readonly hostsInRecords?: boolean;
  /** By magic bytes, never by file name. */
  sniff(prefix: Uint8Array): boolean;
  createMapper(context: SourceContext): BytesMapper;
}

export type Source = RecordSource | BytesSource;
