import type { Pipe } from './ast.ts';

/** `head N` keeps the first N results, `tail N` the last N (still in ascending order); pipes chain left to right. */
export function applyPipes<T>(results: readonly T[], pipes: readonly Pipe[]): T[] {
  let out = [...results];
  for (const pipe of pipes) {
    const count = Math.max(0, pipe.count);
    out = pipe.type === 'head' ? out.slice(0, count) : out.slice(Math.max(0, out.length - count));
  }
  return out;
}
