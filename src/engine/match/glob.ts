/**
 * Wildcard patterns (KQL `*`, EQL `*` and `?`) matched against a whole string, in linear-bounded
 * time without building a backtracking RegExp. API contract (implementation in progress).
 */
export type GlobSegment = { readonly literal: string } | 'any' | 'one';

export interface GlobOptions {
  readonly caseInsensitive: boolean;
}

export declare function compileGlob(segments: readonly GlobSegment[], options: GlobOptions): (text: string) => boolean;

/** EQL `:` / `like` pattern text: `*` is any run, `?` one character, everything else (backslash included) literal. */
export declare function parseEqlWildcard(pattern: string): GlobSegment[];

/** The literal runs of a pattern, for prefilter requirements. */
export declare function globLiterals(segments: readonly GlobSegment[]): string[];
