import { setFlagsFromString } from 'node:v8';

/**
 * V8 lets the old generation grow to up to 4x what survived the last full collection before the
 * next one. A whole-library scan's live set is a few hundred MB (rules, open windows), so most of
 * its resident memory was garbage waiting: 1.3x keeps RSS near the live set (100k fleet events:
 * peak 734-752 -> 503-525 MB; 30k: 473 -> 380 MB) for 10-16% more CPU in collections (paired runs,
 * docs/memory.md). The flag is read at each collection, so setting it mid-process works; a value
 * given to node on its command line wins (`node --heap-growing-percent=0 bin/loupe.mjs scan ...`
 * leaves the choice to V8; Node refuses it in NODE_OPTIONS).
 */
export function tightenHeap(): void {
  if (process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent'))) return;
  setFlagsFromString('--heap-growing-percent=30');
}
