/**
 * A scan's name in the past-scans list and its HTML report's title: the whole input set, never
 * just the first file ("3 files: a.zip, b.tar.gz, c.ndjson"), so a report cannot pass for the
 * scan of one file when it covers several.
 */
import { plural } from '../../engine/output/plural.ts';

/** Names listed before "…". */
const NAMES_SHOWN = 3;

export function inputSetLabel(paths: readonly string[]): string {
  if (paths.length === 0) return 'no files';
  if (paths.length === 1) return paths[0]!;
  const names = paths.slice(0, NAMES_SHOWN).join(', ');
  return `${plural(paths.length, 'file')}: ${names}${paths.length > NAMES_SHOWN ? ', …' : ''}`;
}
