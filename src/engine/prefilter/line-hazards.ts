/**
 * Lines the literal search cannot judge, which therefore stay candidates for every rule:
 *
 * - an escape other than the canonical short ones (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`):
 *   `\/` and `\uXXXX` can spell any character another way and hide a literal; any other escape is
 *   invalid JSON, so the line goes to the parser, which reports it exactly;
 * - for case-insensitive literals, characters whose case mapping is ASCII (`İ` U+0130 and `K`
 *   U+212A lower-case to `i`/`k`; `ı` U+0131 and `ſ` U+017F upper-case to `I`/`S`, which the
 *   regex folding in match/regex/charset.ts uses): the matchers fold them onto ASCII letters,
 *   but an ASCII search would not.
 */
const BACKSLASH = 92;
/** `"` `\` `b` `f` `n` `r` `t`: what JSON.stringify itself writes after a backslash (besides `u`). */
const CANONICAL_ESCAPES: ReadonlySet<number> = new Set([34, 92, 98, 102, 110, 114, 116]);
const FOLD_HAZARDS = /[\u0130\u0131\u017f\u212a]/;

export function hasHidingEscape(line: string): boolean {
  for (let at = line.indexOf('\\'); at !== -1; at = line.indexOf('\\', at + 2)) {
    const next = line.charCodeAt(at + 1);
    if (next === BACKSLASH) continue;
    if (!CANONICAL_ESCAPES.has(next)) return true;
  }
  return false;
}

export function hasFoldHazard(line: string): boolean {
  return FOLD_HAZARDS.test(line);
}
