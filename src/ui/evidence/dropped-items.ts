/**
 * Dropped items (a file or a folder as the user dropped or picked it) and the host name raw
 * evidence inside them gets: records without host fields (eslogger) are named after the item they
 * came in, `mbp-alice/` or `mbp-carol.json.gz` (as `loupe scan` names them after each INPUT), unless
 * the user named the host.
 */
import type { FileSummary } from '../../ingest/summary.ts';
import { defaultHostName } from '../../sources/registry.ts';
import type { EvidenceFile } from '../scan-client.ts';

/** A dropped item in which a source recognised raw evidence. */
export interface RawEvidenceItem {
  /** As dropped: `mbp-alice` (a folder) or `mbp-carol.json.gz`. */
  readonly item: string;
  readonly folder: boolean;
  /** The host name its records without host fields got. */
  readonly host: string;
  /** Whether the user named it (else it is the item's name). */
  readonly named: boolean;
  /** The sources that read it (`eslogger`), and their files' host statements (`mbp-carol`, `named by each record (else x)`). */
  readonly sources: readonly string[];
  readonly stated: readonly string[];
}

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

/** The items of `files` whose files (or archive members, `file!member`) a source mapped, in drop order. */
export function rawEvidenceItems(files: readonly EvidenceFile[], summaries: readonly FileSummary[]): RawEvidenceItem[] {
  const mapped = summaries.filter((summary) => summary.source !== undefined);
  const items = new Map<string, EvidenceFile[]>();
  for (const file of files) {
    const item = droppedItemOf(file.path);
    items.set(item, [...(items.get(item) ?? []), file]);
  }
  return [...items].flatMap(([item, members]) => {
    const sourced = mapped.filter((summary) => members.some((file) => summary.file === file.path || summary.file.startsWith(`${file.path}!`)));
    if (sourced.length === 0) return [];
    const first = members[0]!;
    return [
      {
        item,
        folder: first.path !== item,
        host: hostHintOf(first),
        named: first.host !== undefined,
        sources: [...new Set(sourced.map((summary) => summary.source!.name))],
        stated: [...new Set(sourced.map((summary) => summary.source!.host))],
      },
    ];
  });
}
