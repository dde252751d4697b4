/**
 * Prefilter requirements of single leaves on one known field: literals any matching event's raw
 * JSON must contain. Kept sound rather than tight: where a value could be written differently in
 * the raw text (numbers, booleans, dates, addresses) or case folding is not plain ASCII, the leaf
 * requires nothing.
 */
import { analyzeText } from '../../fields/analyzer.ts';
import type { FieldMapping } from '../../fields/schema.ts';
import { numberForm } from '../../fields/values.ts';
import { globLiterals, type GlobSegment } from '../../match/glob.ts';
import { allOf, anyOf, literal, NO_REQUIREMENT, type Requirement } from '../../query/requirements.ts';
import { isKeywordLike } from './value-tests.ts';

const ASCII = /^[\x20-\x7e]*$/;

/** For `f:v` / `f:"v"` (KQL) and terms/phrases (Lucene). */
export function termRequirement(mapping: FieldMapping, text: string, phrase: boolean): Requirement {
  if (mapping.family === 'text') {
    const tokens = analyzeText(text).map(caseInsensitiveLiteral);
    return phrase ? allOf(tokens) : anyOf(tokens);
  }
  if (!isKeywordLike(mapping)) return NO_REQUIREMENT;
  // A JSON number or boolean also matches its keyword form, and its raw spelling may differ (`1e3`).
  if (numberForm(text) !== null || text === 'true' || text === 'false') return NO_REQUIREMENT;
  return mapping.caseless ? caseInsensitiveLiteral(text) : literal(text, false);
}

/** For wildcard patterns: every literal run must appear. */
export function globRequirement(mapping: FieldMapping, segments: readonly GlobSegment[]): Requirement {
  const runs = globLiterals(segments);
  if (mapping.family === 'text' || mapping.caseless) return allOf(runs.map(caseInsensitiveLiteral));
  if (!isKeywordLike(mapping)) return NO_REQUIREMENT;
  return allOf(runs.map((run) => (couldBeNumberText(run) ? NO_REQUIREMENT : literal(run, false))));
}

/** Text made only of digits, dots, signs and exponents may come from a JSON number spelled differently (`1e3`). */
function couldBeNumberText(text: string): boolean {
  return /^[\d.eE+-]*$/.test(text);
}

/** Case-insensitive literals only for printable ASCII, where lower-casing is one character for one. */
function caseInsensitiveLiteral(text: string): Requirement {
  return ASCII.test(text) && !couldBeNumberText(text) ? literal(text, true) : NO_REQUIREMENT;
}
