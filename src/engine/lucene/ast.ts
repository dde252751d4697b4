/**
 * Typed AST for Lucene query syntax as Elasticsearch's `query_string` reads it (classic query parser
 * with ES extensions: `_exists_:f`, `f:>=10`, field patterns `f.\*:v`). Built after Lucene's own
 * clause logic: `a AND b OR -c` is already a boolean query with MUST / SHOULD / MUST_NOT clauses,
 * exactly as Lucene builds it, so the compiler only applies Elasticsearch's per-field semantics.
 *
 * `field` null is the default field (`*`: every field, leniently, unless the caller sets another).
 * A field containing `*` is a pattern. `start` is the character offset in the query text.
 */
import type { GlobSegment } from '../match/glob.ts';

interface Located {
  readonly start?: number;
}

export type LuceneOccur = 'must' | 'should' | 'must_not';

export interface LuceneClause {
  readonly occur: LuceneOccur;
  readonly query: LuceneNode;
}

/** Lucene BooleanQuery. Without MUST clauses at least one SHOULD must match; only MUST_NOT: everything else matches (ES). */
export interface LuceneBool extends Located {
  readonly type: 'bool';
  readonly clauses: readonly LuceneClause[];
}

/** A term or phrase, analysed by the field (`text` unescaped; consecutive bare terms are joined with spaces). */
export interface LuceneTerm extends Located {
  readonly type: 'term';
  readonly field: string | null;
  readonly text: string;
  readonly quoted: boolean;
}

/** `te?t*`: `any` is `*`, `one` is `?`. A pattern of a literal then one `any` is a Lucene prefix query. */
export interface LuceneWildcard extends Located {
  readonly type: 'wildcard';
  readonly field: string | null;
  readonly segments: readonly GlobSegment[];
}

/** `/pattern/`, the pattern as written between the slashes (Lucene regexp syntax). */
export interface LuceneRegex extends Located {
  readonly type: 'regex';
  readonly field: string | null;
  readonly pattern: string;
}

/** `[a TO b]`, `{a TO *}`, `f:>=a`; a null bound is open. */
export interface LuceneRange extends Located {
  readonly type: 'range';
  readonly field: string | null;
  readonly lower: string | null;
  readonly upper: string | null;
  readonly includeLower: boolean;
  readonly includeUpper: boolean;
}

/** `_exists_:f` or `f:*`. */
export interface LuceneExists extends Located {
  readonly type: 'exists';
  readonly field: string;
}

/** `*:*`, `*`, or an empty query. */
export interface LuceneMatchAll extends Located {
  readonly type: 'match_all';
}

export type LuceneNode = LuceneBool | LuceneTerm | LuceneWildcard | LuceneRegex | LuceneRange | LuceneExists | LuceneMatchAll;
