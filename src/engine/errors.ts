/** 1-based line and column of a character offset in a text, as editors show them. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * A query that does not parse or cannot be compiled. `message` reads like
 * "expected a value after ':' at 2:17"; `reason` is the same text without the position.
 */
export class QuerySyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly reason: string;

  constructor(reason: string, text: string, offset: number) {
    const { line, column } = positionAt(text, offset);
    super(`${reason} at ${line}:${column}`);
    this.name = 'QuerySyntaxError';
    this.reason = reason;
    this.line = line;
    this.column = column;
    this.offset = offset;
  }
}
