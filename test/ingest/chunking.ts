import fc from 'fast-check';
import type { IntakeSource } from '../../src/ingest/intake.ts';

/** `bytes` cut at the given offsets (any order, duplicates allowed: empty chunks happen in real streams too). */
export function cutAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const points = [...new Set(offsets.map((offset) => Math.min(bytes.length, Math.max(0, offset))))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(bytes.slice(start, point));
    start = point;
  }
  chunks.push(bytes.slice(start));
  return chunks;
}

/** Random cut points for an input of `length` bytes. */
export const cutPoints = (length: number) => fc.array(fc.integer({ min: 0, max: Math.max(0, length) }), { maxLength: 40 });

export function sourceOf(name: string, chunks: readonly Uint8Array[]): IntakeSource {
  return {
    name,
    size: chunks.reduce((sum, chunk) => sum + chunk.length, 0),
    async *chunks() {
      for (const chunk of chunks) yield chunk;
    },
  };
}

export const utf8 = (text: string) => new TextEncoder().encode(text);
