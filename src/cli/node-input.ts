/**
 * The CLI's edge of intake: which files the INPUT paths name (their bytes are streamed by the
 * intake's Node host, `ingest/hosts/node.ts`).
 *
 * A file named on the command line is always read: its content decides what it is. In folders
 * (walked recursively, in name order, following symlinks once) only names that look like event
 * files are read: `.ndjson`, `.jsonl`, `.json`, `.log`, no extension, the archive extensions the
 * container stage will open, each optionally with rotation suffixes (`filebeat.1`, `app.log.2`).
 * Everything else, and hidden entries, is listed as not scanned, never silently dropped.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { reasonOf } from './files.ts';

/** `.csv`: console exports (CloudTrail event history, Purview audit search, Okta System Log), read when a source claims their columns. */
const EVENT_EXTENSIONS = ['.ndjson', '.jsonl', '.json', '.log', '.csv'];
const ARCHIVE_EXTENSIONS = ['.gz', '.tgz', '.zip', '.tar', '.zst'];
const ROTATION_SUFFIX = /(\.\d+)+$/;

export interface InputFile {
  /** As the user named it (joined under the folder they gave). */
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** The INPUT argument it was found under (the file itself, or the folder walked). */
  readonly input: string;
}

export interface InputProblem {
  readonly path: string;
  readonly reason: string;
}

export interface CollectedInputs {
  readonly files: InputFile[];
  /** Paths that could not be read at all (missing, permission denied). */
  readonly unreadable: InputProblem[];
  /** Entries of walked folders that were left out, and why. */
  readonly notScanned: InputProblem[];
}

export function isEventFileName(name: string): boolean {
  const base = name.toLowerCase().replace(ROTATION_SUFFIX, '');
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return true;
  const extension = base.slice(dot);
  return EVENT_EXTENSIONS.includes(extension) || ARCHIVE_EXTENSIONS.includes(extension);
}

/**
 * The files the paths name, each once (by real path) in argument order, minus `exclude`
 * (real paths, e.g. the output file when it sits inside a scanned folder).
 */
export async function collectInputs(paths: readonly string[], exclude: ReadonlySet<string> = new Set()): Promise<CollectedInputs> {
  const collected: CollectedInputs = { files: [], unreadable: [], notScanned: [] };
  const seen = new Set<string>(exclude);
  const visitedFolders = new Set<string>();

  let input = '';
  const addFile = async (path: string, size: number, mtimeMs: number) => {
    const real = await realpath(path);
    if (seen.has(real)) return;
    seen.add(real);
    collected.files.push({ path, size, mtimeMs, input });
  };

  const walk = async (folder: string): Promise<void> => {
    const real = await realpath(folder);
    if (visitedFolders.has(real)) return;
    visitedFolders.add(real);
    const children = (await readdir(folder)).sort();
    for (const name of children) {
      const path = join(folder, name);
      if (name.startsWith('.')) {
        collected.notScanned.push({ path, reason: 'hidden' });
        continue;
      }
      try {
        const info = await stat(path);
        if (info.isDirectory()) await walk(path);
        else if (!info.isFile()) collected.notScanned.push({ path, reason: 'not a regular file' });
        else if (!isEventFileName(name)) collected.notScanned.push({ path, reason: 'not an event file name' });
        else await addFile(path, info.size, info.mtimeMs);
      } catch (error) {
        collected.unreadable.push({ path, reason: reasonOf(error) });
      }
    }
  };

  for (const path of paths) {
    input = path;
    try {
      const info = await stat(path);
      if (info.isDirectory()) await walk(path);
      else await addFile(path, info.size, info.mtimeMs);
    } catch (error) {
      collected.unreadable.push({ path, reason: reasonOf(error) });
    }
  }
  return collected;
}
