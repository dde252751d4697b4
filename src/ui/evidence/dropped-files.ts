/**
 * Files and folders from a drop or a picker as `EvidenceFile`s. Folders are walked here, by the
 * browser host's walker (`ingest/hosts/browser.ts`), because directory entries cannot be handed to
 * a worker; files can.
 */
import { entriesOfDrop, entryFiles } from '../../ingest/hosts/browser.ts';
import type { EvidenceFile } from '../scan-client.ts';

/** `webkitRelativePath` when a folder was picked, else the file name. */
export function pickedFiles(files: FileList | readonly File[]): EvidenceFile[] {
  return Array.from(files, (file) => ({ path: file.webkitRelativePath || file.name, file }));
}

/** Everything a drop carried, folders walked; plain files when the browser offers no entries. */
export async function droppedFiles(transfer: DataTransfer): Promise<EvidenceFile[]> {
  // Entries must be taken synchronously, before the drop event handler returns.
  const entries = entriesOfDrop(transfer);
  if (entries.length === 0) return pickedFiles(transfer.files ?? []);
  const out: EvidenceFile[] = [];
  for await (const file of entryFiles(entries)) out.push(file);
  return out;
}
