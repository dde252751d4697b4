/**
 * The bundled library's rules live in shard files (rules-01.ndjson, rules-02.ndjson, ...), each
 * under 2 MB so the repository tracks no large file (`npm run rules:update` cuts them, whole lines
 * in pack order). Read in order, the shards are the pack's one NDJSON, one rule per line: catalogue
 * positions count lines across them, while each rule's messages name its own shard and line there.
 * Every shard ends with a newline, so no rule straddles two.
 */
import type { RuleText } from '../load.ts';

const SHARD_NAME = /^rules-(\d+)\.ndjson$/;

/** The name of the shard at `index` (0-based): rules-01.ndjson, ... */
export function shardName(index: number): string {
  return `rules-${String(index + 1).padStart(2, '0')}.ndjson`;
}

/** The shard names among `names` (file names in the pack folder, or build asset paths' last part), in pack order. */
export function shardOrder(names: readonly string[]): string[] {
  const numbered = names.flatMap((name) => {
    const match = SHARD_NAME.exec(name);
    return match ? [{ name, number: Number(match[1]) }] : [];
  });
  return numbered.sort((a, b) => a.number - b.number).map((shard) => shard.name);
}

/** The shard text with every line but the kept positions (counted from `first`) blanked: each kept rule stays on its own line number. */
function keepLines(text: string, first: number, keep: (position: number) => boolean): { text: string; lines: number } {
  const lines = text.split('\n');
  return { text: lines.map((line, at) => (keep(first + at) ? line : '')).join('\n'), lines: lines.length - 1 };
}

/**
 * The library as rule texts with only the kept positions (pack order, across shards) left: one
 * text per shard, whatever it keeps, so the set of files a scan names is the library's.
 */
export function libraryTexts(shards: readonly RuleText[], keep: (position: number) => boolean): RuleText[] {
  let first = 0;
  return shards.map(({ file, text }) => {
    const kept = keepLines(text, first, keep);
    first += kept.lines;
    return { file, text: kept.text };
  });
}

/** The first position of each shard, then the pack's line count; cached per shard list (the library's is loaded once). */
const startsOf = new WeakMap<readonly RuleText[], readonly number[]>();

function shardStarts(shards: readonly RuleText[]): readonly number[] {
  const cached = startsOf.get(shards);
  if (cached) return cached;
  const starts = [0];
  for (const { text } of shards) {
    let lines = 0;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
    starts.push(starts[starts.length - 1]! + lines);
  }
  startsOf.set(shards, starts);
  return starts;
}

/** The shard file holding the rule at `position` (pack order), and its line there. */
export function shardLine(shards: readonly RuleText[], position: number): { file: string; line: number } | undefined {
  const starts = shardStarts(shards);
  for (let shard = 0; shard < shards.length; shard++) {
    if (position >= starts[shard]! && position < starts[shard + 1]!) return { file: shards[shard]!.file, line: position - starts[shard]! + 1 };
  }
  return undefined;
}
