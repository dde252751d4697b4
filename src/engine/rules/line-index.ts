import type { FilePosition } from './model.ts';

/** 1-based line and column of offsets in one text, in O(log lines) each (files can hold thousands of rules). */
export class LineIndex {
  private readonly starts: number[] = [0];
  #text: string;
  #released = false;

  constructor(text: string) {
    this.#text = text;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The file's text; empty once released. */
  get text(): string {
    return this.#text;
  }

  /**
   * Lets go of the text (a rule library's is tens of MB, two bytes a character if any line needs
   * it), keeping line starts: `positionOf` still works; what needs the characters (lazily located
   * field positions, kibana-object.ts) is no longer found.
   */
  release(): void {
    this.#text = '';
    this.#released = true;
  }

  get released(): boolean {
    return this.#released;
  }

  positionOf(offset: number): FilePosition {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 };
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[line - 1] ?? this.#text.length;
  }
}
