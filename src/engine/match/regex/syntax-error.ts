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

/** A valid pattern whose automaton exceeds a limit (its message starts "regex too complex"). */
export class RegexTooComplexError extends RegexSyntaxError {
  constructor(message: string, offset: number) {
    super(message, offset);
    this.name = 'RegexTooComplexError';
  }
}

/** How query compilers word a rejected pattern: an invalid one, or one too complex to run. */
export function regexErrorMessage(error: RegexSyntaxError): string {
  return error instanceof RegexTooComplexError ? error.message : `invalid regular expression: ${error.message}`;
}
