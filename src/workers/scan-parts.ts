/**
 * One large file, several readers:
 * - a big plain line-oriented file (NDJSON, elasticdump, Beats output) is cut into byte ranges
 *   that end just after a line feed, each read as a task of its own;
 * - a big zip is cut between its entries (found through its central directory, each checked
 *   against its local header), so members decompress in parallel.
 * Nothing else can be cut (nor a file a source maps, such as eslogger JSON: its records are read in order): a gzip, zstd or deflate stream must be decompressed from its start
 * (each byte depends on the window before it, and a multi-member gzip's next member is only found
 * by inflating the one before), a tar (or tar.gz) has no index, and a JSON document must be parsed
 * from its start; such files are read by one reader each.
 *
 * Results do not depend on the cut: the first part of a text file is read as the file would be
 * (detection, BOM), the others as whole lines of a known shape, and the coordinator numbers each
 * part's lines after the lines of the parts before it and merges their summaries into one
 * (`appendSummary`); zip parts give the members' own summaries, in archive order. What a cut zip
 * does not check is the central directory against the local headers at the end of the stream:
 * the cutter compares them up front instead, and only cuts a zip whose directory and headers agree.
 */
import { detectContainer } from '../ingest/containers/detect.ts';
import { zipDirectory, zipDirectoryRange, zipLocalPath, ZIP_END_BYTES } from '../ingest/containers/zip.ts';
import { detectShape } from '../ingest/shapes/detect.ts';
import { SOURCE_PROBE_BYTES } from '../ingest/intake.ts';
import { sniff, SNIFF_BYTES } from '../ingest/sniff.ts';
import { recogniseSource } from '../sources/registry.ts';
import type { IntakeTask } from './intake-api.ts';

/** Smaller parts cost more in set-up and hand-over than a reader gains. */
export const DEFAULT_PART_BYTES = 8 * 1024 * 1024;
/** Zips with more entries than this are read whole (checking every local header costs a read each). */
const MAX_CUT_ZIP_ENTRIES = 10_000;
/** How far past a cut point a line feed is looked for, in windows of this size. */
const SEEK_WINDOW = 64 * 1024;
const SEEK_LIMIT = 16 * SEEK_WINDOW;

export interface ScanFileRef {
  readonly name: string;
  readonly blob: Blob;
  /** Host name for raw evidence without host fields (see IntakeSource.host). */
  readonly host?: string;
}

/** One unit of reading, and the file (by position in the scan) it is part of. */
export interface PlannedTask extends Omit<IntakeTask, 'index'> {
  readonly file: number;
}

/**
 * The tasks for the files: each file whole, or, when there are several readers and the file is
 * plain line-oriented text of at least two parts, as up to `readers` parts of at least `partBytes`.
 */
export async function planTasks(files: readonly ScanFileRef[], readers: number, partBytes = DEFAULT_PART_BYTES): Promise<PlannedTask[]> {
  const tasks: PlannedTask[] = [];
  for (const [file, { name, blob, host }] of files.entries()) {
    const parts = readers > 1 ? Math.min(readers, Math.floor(blob.size / partBytes)) : 1;
    const cut = parts > 1 ? await cutFile(blob, parts) : undefined;
    const hosted = host !== undefined ? { host } : {};
    if (cut === undefined) tasks.push({ file, name, blob, ...hosted });
    else for (const part of cut) tasks.push({ file, name, ...part, ...hosted });
  }
  return tasks;
}

type Part = Omit<PlannedTask, 'file' | 'name'>;

async function cutFile(blob: Blob, parts: number): Promise<Part[] | undefined> {
  const prefix = new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer());
  const container = detectContainer(prefix).kind;
  if (container === 'zip') return cutZip(blob, parts);
  const shape = container === 'none' && sniff(prefix).kind === 'text' ? detectShape(prefix) : undefined;
  if (shape !== 'ndjson' && shape !== 'elasticdump' && shape !== 'beats') return undefined;
  // Raw evidence a source maps is read whole, in order: its mapping keeps state across records (eslogger's process table).
  if (shape === 'ndjson' && recogniseSource(new Uint8Array(await blob.slice(0, SOURCE_PROBE_BYTES).arrayBuffer())) !== undefined) return undefined;
  const starts = await cutPoints(blob, parts);
  return starts.map((start, p) => {
    const end = starts[p + 1] ?? blob.size;
    return { blob: blob.slice(start, end), range: { start, end }, ...(p > 0 ? { linesOf: shape } : {}) };
  });
}

/** Runs of whole entries of about equal size; undefined when the zip cannot be cut safely. */
async function cutZip(blob: Blob, parts: number): Promise<Part[] | undefined> {
  const tailStart = Math.max(0, blob.size - ZIP_END_BYTES);
  const range = zipDirectoryRange(new Uint8Array(await blob.slice(tailStart).arrayBuffer()), blob.size);
  if (range === undefined || range.entries < 2 || range.entries > MAX_CUT_ZIP_ENTRIES) return undefined;
  const entries = zipDirectory(new Uint8Array(await blob.slice(range.offset, range.offset + range.size).arrayBuffer()), range.entries);
  if (entries === undefined || entries[0]?.offset !== 0) return undefined;
  for (const [i, entry] of entries.entries()) {
    const end = entries[i + 1]?.offset ?? range.offset;
    if (end <= entry.offset) return undefined;
    const header = new Uint8Array(await blob.slice(entry.offset, Math.min(end, entry.offset + 30 + 0xffff)).arrayBuffer());
    if (zipLocalPath(header) !== entry.path) return undefined;
  }
  const endOf = (i: number) => entries[i + 1]?.offset ?? range.offset;
  const middleOf = (i: number) => (entries[i]!.offset + endOf(i)) / 2;
  const cuts: Part[] = [];
  let first = 0;
  for (let p = 1; p <= parts && first < entries.length; p++) {
    const target = p === parts ? range.offset : (p * range.offset) / parts;
    let last = first;
    // The boundary nearest the target: an entry joins this part when most of it lies before the target.
    while (last + 1 < entries.length && middleOf(last + 1) <= target) last++;
    if (p === parts) last = entries.length - 1;
    const bytes = { start: entries[first]!.offset, end: endOf(last) };
    cuts.push({ blob: blob.slice(bytes.start, bytes.end), range: bytes, zipEntries: last - first + 1 });
    first = last + 1;
  }
  return cuts.length > 1 ? cuts : undefined;
}

/** Part starts: 0, then just after the first line feed past each even share of the file. */
async function cutPoints(blob: Blob, parts: number): Promise<number[]> {
  const starts = [0];
  for (let p = 1; p < parts; p++) {
    const target = Math.max(Math.floor((p * blob.size) / parts), starts.at(-1)! + 1);
    const cut = await nextLineStart(blob, target);
    if (cut !== undefined && cut < blob.size && cut > starts.at(-1)!) starts.push(cut);
  }
  return starts;
}

async function nextLineStart(blob: Blob, from: number): Promise<number | undefined> {
  for (let at = from; at < Math.min(blob.size, from + SEEK_LIMIT); at += SEEK_WINDOW) {
    const window = new Uint8Array(await blob.slice(at, at + SEEK_WINDOW).arrayBuffer());
    const feed = window.indexOf(0x0a);
    if (feed !== -1) return at + feed + 1;
  }
  // A line longer than the search: leave this part with the one before.
  return undefined;
}
