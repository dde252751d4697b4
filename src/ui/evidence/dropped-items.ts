/**
 * Dropped items (a file or a folder as the user dropped or picked it) and the host name raw
 * evidence inside them gets: records without host fields (eslogger) are named after the item they
 * came in, `mbp-alice/` or `mbp-carol.json.gz` (as `loupe scan` names them after each INPUT), unless
 * the user named the host.
 */
import { defaultHostName } from '../../sources/registry.ts';
import type { EvidenceFile } from '../scan-client.ts';

/** The item a dropped file's path belongs to: its top folder, or the file itself (`case/logs/a.json` → `case`). */
export function droppedItemOf(path: string): string {
  const slash = path.indexOf('/');
  return slash === -1 ? path : path.slice(0, slash);
}

/** The host name a file's raw evidence gets: the one given for it, else its item's name. */
export function hostHintOf(file: Pick<EvidenceFile, 'path' | 'host'>): string {
  return file.host ?? defaultHostName(droppedItemOf(file.path));
}

/** The files with `host` given to those of `item` (an empty name goes back to the item's own). */
export function withItemHost(files: readonly EvidenceFile[], item: string, host: string): EvidenceFile[] {
  const name = host.trim();
  return files.map((file) => {
    if (droppedItemOf(file.path) !== item) return file;
    const { host: _old, ...rest } = file;
    return name === '' ? rest : { ...rest, host: name };
  });
}
