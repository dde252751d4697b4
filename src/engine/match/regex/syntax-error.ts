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
