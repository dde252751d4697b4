/**
 * Lucene printer: `+must -must_not should` clause lists, escaped terms, so that parsing the output
 * gives the same AST. Bare (default-field) terms in a row are joined with `OR`, which under the
 * default OR operator changes nothing but stops the parser from analysing them as one text.
 */
import type { LuceneClause, LuceneNode } from './ast.ts';

/** Characters that must be escaped in a term (query syntax, operators' first characters, whitespace). */
const TERM_SPECIALS = new Set([...' \t\n\r\u3000+-!():^[]"{}~*?\\/&|<>']);

export function printLucene(node: LuceneNode): string {
  return node.type === 'bool' ? printClauses(node.clauses) : printLeaf(node);
}

function printClauses(clauses: readonly LuceneClause[]): string {
  let out = '';
  clauses.forEach((clause, i) => {
    if (i > 0) out += isBareTerm(clauses[i - 1]!) && isBareTerm(clause) ? ' OR ' : ' ';
    out += clause.occur === 'must' ? '+' : clause.occur === 'must_not' ? '-' : '';
    out += clause.query.type === 'bool' ? `(${printClauses(clause.query.clauses)})` : printLeaf(clause.query);
  });
  return out;
}

function isBareTerm(clause: LuceneClause): boolean {
  return clause.occur === 'should' && clause.query.type === 'term' && clause.query.field === null && !clause.query.quoted;
}

function printLeaf(node: Exclude<LuceneNode, { type: 'bool' }>): string {
  switch (node.type) {
    case 'match_all':
      return '*:*';
    case 'exists':
      return `_exists_:${escapeTerm(node.field)}`;
    case 'term':
      return withField(node.field, node.quoted ? `"${node.text.replace(/[\\"]/g, '\\$&')}"` : escapeTerm(node.text));
    case 'wildcard':
      return withField(
        node.field,
        node.segments.map((s) => (s === 'any' ? '*' : s === 'one' ? '?' : escapeTerm(s.literal))).join(''),
      );
    case 'regex':
      return withField(node.field, `/${node.pattern}/`);
    case 'range':
      return withField(
        node.field,
        `${node.includeLower ? '[' : '{'}${printBound(node.lower)} TO ${printBound(node.upper)}${node.includeUpper ? ']' : '}'}`,
      );
  }
}

function withField(field: string | null, body: string): string {
  if (field === null) return body;
  return `${field === '*' ? '*' : escapeTerm(field)}:${body}`;
}

/** Bounds print quoted; backslashes as `\u005C`, since `\\"` would not end a quoted range bound. */
function printBound(bound: string | null): string {
  return bound === null ? '*' : `"${bound.replace(/\\/g, '\\u005C').replace(/"/g, '\\"')}"`;
}

function escapeTerm(text: string): string {
  let out = '';
  for (const c of text) out += TERM_SPECIALS.has(c) ? `\\${c}` : c;
  // Whole-word operators (`AND`, `OR`, `NOT`, `TO` in ranges) are tokens of their own.
  return /^(AND|OR|NOT)$/.test(out) ? `\\${out}` : out;
}
