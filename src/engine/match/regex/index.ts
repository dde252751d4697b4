/**
 * Lucene regular expressions (the syntax of Elasticsearch `regexp` queries and EQL `regex`), matched
 * against the whole string in time linear in the input: a rule author's pattern can never hang a scan.
 * API contract (implementation in progress).
 */
export interface RegexOptions {
  readonly caseInsensitive: boolean;
}

export class RegexSyntaxError extends Error {
  constructor(
    message: string,
    /** Character offset in the pattern. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'RegexSyntaxError';
  }
}

export declare function compileLuceneRegex(pattern: string, options: RegexOptions): (text: string) => boolean;
