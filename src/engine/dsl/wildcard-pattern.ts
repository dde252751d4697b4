/**
 * The pattern of an Elasticsearch `wildcard` query (Lucene `WildcardQuery`): `*` any run, `?` one
 * code point, `\` makes the next character literal, and a trailing lone `\` is a literal backslash.
 * So the Windows path `C:\Windows\*` (one backslash each) means `C:Windows*`: exception authors must
 * write `C:\\Windows\\*` (elastic/security-docs#2936).
 */
import type { GlobSegment } from '../match/glob.ts';

export function parseWildcardPattern(pattern: string): GlobSegment[] {
  const segments: GlobSegment[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') segments.push({ literal });
    literal = '';
  };
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (char === '\\' && i + 1 < chars.length) {
      literal += chars[++i]!;
    } else if (char === '*' || char === '?') {
      flush();
      segments.push(char === '*' ? 'any' : 'one');
    } else {
      literal += char;
    }
  }
  flush();
  return segments;
}
