/**
 * Cuts the pack's NDJSON into the shard files the library ships as (src/engine/rules/pack/shards.ts):
 * whole lines in pack order, each shard filled up to the size bound before the next starts, so the
 * same pack always gives the same shards. The bound keeps every file under the repository's 2 MB
 * large-file line (2,000,000 bytes), with room to spare for a rule that grows.
 */
import { createHash } from 'node:crypto';
import { shardName } from '../../src/engine/rules/pack/shards.ts';

export const SHARD_MAX_BYTES = 1_900_000;

export interface Shard {
  readonly name: string;
  readonly text: string;
}

/** `ndjson` (one rule per line, each ending with a newline) as shards of at most `maxBytes` bytes of UTF-8. */
export function cutShards(ndjson: string, maxBytes = SHARD_MAX_BYTES): Shard[] {
  const texts: string[] = [];
  let lines: string[] = [];
  let bytes = 0;
  for (const line of ndjson.split(/(?<=\n)/)) {
    if (line === '') continue;
    const size = Buffer.byteLength(line);
    if (size > maxBytes) throw new Error(`a rule of ${size} bytes does not fit a shard of ${maxBytes} bytes`);
    if (bytes + size > maxBytes) {
      texts.push(lines.join(''));
      lines = [];
      bytes = 0;
    }
    lines.push(line);
    bytes += size;
  }
  if (lines.length > 0) texts.push(lines.join(''));
  return texts.map((text, index) => ({ name: shardName(index), text }));
}

/** What MANIFEST.json says of each shard, so a copy of the pack can be checked file by file. */
export function shardRecords(shards: readonly Shard[]): { name: string; bytes: number; sha256: string }[] {
  return shards.map(({ name, text }) => ({ name, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') }));
}
