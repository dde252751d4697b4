import type { LineIndex } from './line-index.ts';
import type { FilePosition } from './model.ts';

/**
 * JSON.parse's message without V8's "in JSON at position N" suffix, and that position in the
 * file (`base` is the offset of the parsed text in the file).
 */
export function describeJsonError(error: unknown, lines: LineIndex, base: number): { message: string; position: FilePosition } {
  const raw = error instanceof Error ? error.message : String(error);
  const at = /at position (\d+)/.exec(raw);
  // V8 either appends "in JSON at position N" or quotes the whole (possibly huge) input.
  const message = raw.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
  const offset = at ? base + Number(at[1]) : base;
  return { message: `invalid JSON: ${message}`, position: lines.positionOf(offset) };
}
