/**
 * Data stream backing indices: `.ds-<data stream>-<yyyy.MM.dd>-<generation>` (7.11+) or
 * `.ds-<data stream>-<generation>` (7.9, 7.10). A search on the data stream's name returns hits
 * whose `_index` is the backing index, so patterns must see through it.
 */
const BACKING_INDEX = /^\.ds-(.+?)-(?:\d{4}\.\d{2}\.\d{2}-)?\d{6}$/;

/** The data stream a backing index belongs to, or null when the name is not a backing index. */
export function dataStreamOfBackingIndex(index: string): string | null {
  return BACKING_INDEX.exec(index)?.[1] ?? null;
}
