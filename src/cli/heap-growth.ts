import { setFlagsFromString } from 'node:v8';

/**
 * How V8 collects a scan's old generation, set when `loupe scan` starts (both flags are read at
 * each collection, so setting them mid-process works; a value given to node on its command line
 * wins, e.g. `node --heap-growing-percent=0 bin/loupe.mjs scan ...` leaves the choice to V8; Node
 * refuses these flags in NODE_OPTIONS). Figures: docs/memory.md.
 *
 * - `--heap-growing-percent=30`: V8 lets the old generation grow to up to 4x what survived the
 *   last full collection before the next one. A whole-library scan's live set is a few hundred MB
 *   (rules, open windows), so most of its resident memory was garbage waiting: 1.3x keeps RSS near
 *   the live set (100k fleet events: peak 734-752 -> 503-525 MB) for 10-16% more CPU.
 * - `--no-incremental-marking`: each full collection marks in one pause instead of alongside the
 *   scan. Marked alongside, the scan went on allocating (every parsed event is promoted: ~7 KB per
 *   fleet event) until marking finished, ~1.5x the live set instead of 1.3x, and V8 keeps the pages
 *   that peak committed. One pause per collection (0.2-0.6 s, a few a minute) costs a CLI nothing.
 *   1M fleet events at low load: peak 440,360 -> 413,560 KB, 187.6 -> 188.7 CPU-s.
 */
export function tightenHeap(): void {
  const given = (flag: string) => process.execArgv.some((arg) => arg.startsWith(flag) || arg.startsWith(`--no-${flag.slice(2)}`));
  if (!given('--heap-growing-percent')) setFlagsFromString('--heap-growing-percent=30');
  if (!given('--incremental-marking')) setFlagsFromString('--no-incremental-marking');
}
