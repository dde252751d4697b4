/**
 * KQL printer in the style of Kibana's `toKqlExpression` (`(a AND b)`, `field: value`, `NOT x`,
 * `path: { q }`), escaping so that parsing the output gives the same AST. It escapes more than Kibana
 * (braces, keywords next to any KQL whitespace, `NOT NOT`) where Kibana's output would not re-parse.
 */
import type { KqlNode, KqlRangeOp, KqlValue } from './ast.ts';
import { isKqlSpace, KQL_SPECIAL_CHARACTERS } from './parser.ts';

const RANGE_SYMBOLS: Record<KqlRangeOp, string> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };

export function printKql(node: KqlNode): string {
  switch (node.type) {
    case 'is':
      return node.field === null ? printValue(node.value) : `${printValue(node.field)}: ${printValue(node.value)}`;
    case 'range':
      return `${printValue(node.field)} ${RANGE_SYMBOLS[node.op]} ${printValue(node.value)}`;
    case 'exists':
      return `${printValue(node.field)}: *`;
    case 'nested':
      return `${printValue(node.path)}: { ${printKql(node.query)} }`;
    case 'and':
      return `(${node.args.map(printKql).join(' AND ')})`;
    case 'or':
      return `(${node.args.map(printKql).join(' OR ')})`;
    case 'not':
      // `NOT NOT x` does not parse in KQL (`not` takes a sub-query, not another `not`).
      return node.arg.type === 'not' ? `NOT (${printKql(node.arg)})` : `NOT ${printKql(node.arg)}`;
  }
}

export function printValue(value: KqlValue): string {
  if (value.type === 'wildcard') {
    return value.segments
      .map((segment) => (segment === 'any' ? '*' : segment === 'one' ? '?' : escapeUnquoted(segment.literal)))
      .join('');
  }
  if (value.quoted) return `"${String(value.value).replace(/[\\"]/g, '\\$&')}"`;
  return typeof value.value === 'string' ? escapeUnquoted(value.value) : String(value.value);
}

const WHITESPACE_ESCAPES: Record<string, string> = { '\t': '\\t', '\r': '\\r', '\n': '\\n' };

/**
 * Escapes special characters, whitespace escapes and keywords the parser would stop at. The end of
 * the value counts as whitespace: the printer may put a space after it (`a or` then ` AND b`).
 */
function escapeUnquoted(text: string): string {
  const spaceAt = (j: number): boolean => j >= text.length || isKqlSpace(text[j]);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (KQL_SPECIAL_CHARACTERS.includes(c)) {
      out += `\\${c}`;
      continue;
    }
    out += WHITESPACE_ESCAPES[c] ?? c;
    if (isKqlSpace(c)) {
      for (const keyword of ['or', 'and']) {
        const word = text.slice(i + 1, i + 1 + keyword.length);
        if (word.toLowerCase() === keyword && spaceAt(i + 1 + keyword.length)) {
          out += `\\${word}`;
          i += keyword.length;
          break;
        }
      }
    }
    // `\not` would read as a newline escape plus "ot": escape the `n` as a code unit instead.
    if (text.slice(i, i + 3).toLowerCase() === 'not' && spaceAt(i + 3)) {
      out = `${out.slice(0, -1)}\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  }
  return out;
}
