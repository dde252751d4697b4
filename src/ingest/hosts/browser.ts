/**
 * Browser edge of intake: a File or Blob as a streamed `IntakeSource` (`Blob.stream()`, never
 * read whole), and dropped folders walked through the File and Directory Entries API. The
 * entries must be taken from the drop event synchronously (`entriesOfDrop`), then walked.
 */
import { streamChunks } from '../bytes.ts';
import type { IntakeSource } from '../intake.ts';
import { appendAll } from '../../engine/append-all.ts';

export function blobSource(blob: Blob, name: string): IntakeSource {
  return {
    name,
    size: blob.size,
    chunks: () => streamChunks(blob.stream()),
  };
}

/** The dropped items as entries; call it inside the drop handler (the list empties afterwards). */
export function entriesOfDrop(transfer: DataTransfer): FileSystemEntry[] {
  const entries: FileSystemEntry[] = [];
  for (const item of Array.from(transfer.items ?? [])) {
    const entry = item.kind === 'file' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
  }
  return entries;
}

/**
 * Every file under the entries, folders walked recursively in name order, named by its path in
 * the drop (`folder/sub/file.ndjson`). The app's drop zone lists these (a File can go to a
 * worker, a directory entry cannot); `entrySources` streams them.
 */
export async function* entryFiles(entries: readonly FileSystemEntry[]): AsyncGenerator<{ readonly path: string; readonly file: File }> {
  for (const entry of entries) {
    if (isFile(entry)) {
      const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
      yield { path: entry.fullPath.replace(/^\//, ''), file };
    } else if (isDirectory(entry)) {
      const children = await readAll(entry);
      children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      yield* entryFiles(children);
    }
  }
}

/** Every file under the entries as a streamed source (see `entryFiles`). */
export async function* entrySources(entries: readonly FileSystemEntry[]): AsyncGenerator<IntakeSource> {
  for await (const { path, file } of entryFiles(entries)) yield blobSource(file, path);
}

/** readEntries hands out a folder in batches (100 in Chrome) until it returns none. */
async function readAll(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    appendAll(all, batch);
  }
}

function isFile(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectory(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}
