/**
 * loupe's exit statuses: one rule for every command, decided here and printed by every --help.
 * 2 follows the usual convention for a bad command line, and also covers files the command was
 * given but could not read or write: in both cases what was asked for was not (all) done.
 */
export const EXIT_OK = 0;
/** Rules with errors (or rule files holding none): reported with file:line:column; the other rules still ran or were written. */
export const EXIT_RULE_ERRORS = 1;
/** A usage error, or a path, input or file (--out, --state) that could not be read, scanned or written. */
export const EXIT_USAGE_OR_INPUT = 2;

export const EXIT_STATUS_HELP = [
  'Exit status (every command): 0 done; 1 some rules have errors or a rule file holds none',
  '(reported; the other rules still ran); 2 usage error, or a path or input that could not be',
  'read, scanned or written (what could be read is still scanned and reported). 2 wins over 1.',
].join('\n');

/** The status of a command that ran: 2 for input problems, else 1 for rule errors, else 0. */
export function exitStatus(problems: { readonly ruleErrors: boolean; readonly inputProblems?: boolean }): number {
  if (problems.inputProblems) return EXIT_USAGE_OR_INPUT;
  return problems.ruleErrors ? EXIT_RULE_ERRORS : EXIT_OK;
}
