/**
 * Files and folders from a drop or a picker as `EvidenceFile`s. Folders are walked here because
 * directory entries cannot be handed to a worker; files can.
 */
import type { EvidenceFile } from '../scan-client.ts';

/** `webkitRelativePath` when a folder was picked, else the file name. */
export function pickedFiles(files: FileList | readonly File[]): EvidenceFile[] {
  return Array.from(files, (file) => ({ path: file.webkitRelativePath || file.name, file }));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** One directory's children: `readEntries` answers in batches until it returns none. */
async function childrenOf(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function walk(entry: FileSystemEntry, out: EvidenceFile[]): Promise<void> {
  if (entry.isFile) {
    out.push({ path: entry.fullPath.replace(/^\//, ''), file: await fileOf(entry as FileSystemFileEntry) });
    return;
  }
  if (!entry.isDirectory) return;
  const children = await childrenOf(entry as FileSystemDirectoryEntry);
  children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const child of children) await walk(child, out);
}

/** Everything a drop carried, folders walked; plain files when the browser offers no entries. */
export async function droppedFiles(transfer: DataTransfer): Promise<EvidenceFile[]> {
  // Entries must be taken synchronously, before the drop event handler returns.
  const entries = Array.from(transfer.items ?? [], (item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null)).filter((entry): entry is FileSystemEntry => entry !== null);
  if (entries.length === 0) return pickedFiles(transfer.files ?? []);
  const out: EvidenceFile[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}
