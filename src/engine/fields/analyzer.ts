/**
 * Elasticsearch's `standard` analyzer, which `text` and `match_only_text` fields use: Lucene's
 * StandardTokenizer (Unicode word boundaries, UAX#29) followed by a lowercase filter.
 *
 * Word boundaries come from `Intl.Segmenter` (ICU, in Node and every browser), which implements
 * UAX#29: `python3.11`, `don't`, `cmd.exe`, `foo_bar`, `1,000.5` and `x:y` stay one token;
 * `/`, `\`, `-`, spaces and most punctuation split. ICU differs from Lucene in a few places, which
 * are adjusted here:
 * - Han ideographs: ICU groups them into dictionary words, Lucene emits one token per ideograph.
 * - Thai, Lao, Myanmar, Khmer: ICU splits dictionary words, Lucene keeps the whole run.
 * - Emoji: ICU marks them as non-words, Lucene emits each emoji sequence as a token.
 * - Lowercasing: Lucene lowercases code point by code point (`İ` → `i`, `Σ` → `σ` even word-final),
 *   JavaScript's `toLowerCase` applies context-sensitive special casing.
 * Tokens longer than 255 characters are split every 255 characters, as Lucene does.
 */

const MAX_TOKEN_LENGTH = 255;
const IDEOGRAPH = /\p{Ideographic}/u;
const SOUTHEAST_ASIAN = /^[\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Khmer}]+$/u;
const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\p{Regional_Indicator}/u;
const SPECIAL_LOWERCASE = /[\u0130\u03A3]/;

let segmenter: Intl.Segmenter | undefined;

export function analyzeText(text: string): string[] {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'word' });
  const tokens: string[] = [];
  let pendingSoutheastAsian = '';
  let pendingEnd = -1;
  for (const { segment, index, isWordLike } of segmenter.segment(text)) {
    // ICU splits a Southeast Asian run into dictionary words: glue adjacent pieces back together.
    if (isWordLike && SOUTHEAST_ASIAN.test(segment)) {
      if (pendingEnd !== index) flush();
      pendingSoutheastAsian += segment;
      pendingEnd = index + segment.length;
      continue;
    }
    flush();
    if (isWordLike) addWord(segment, tokens);
    else if (EMOJI.test(segment)) tokens.push(segment);
  }
  flush();
  return tokens;

  function flush(): void {
    if (pendingSoutheastAsian !== '') addToken(pendingSoutheastAsian, tokens);
    pendingSoutheastAsian = '';
    pendingEnd = -1;
  }
}

/** A word segment, with each ideograph split out as its own token. */
function addWord(word: string, tokens: string[]): void {
  if (!IDEOGRAPH.test(word)) {
    addToken(word, tokens);
    return;
  }
  let run = '';
  for (const char of word) {
    if (IDEOGRAPH.test(char)) {
      if (run !== '') addToken(run, tokens);
      run = '';
      tokens.push(char);
    } else {
      run += char;
    }
  }
  if (run !== '') addToken(run, tokens);
}

function addToken(token: string, tokens: string[]): void {
  const lower = lowercase(token);
  if (lower.length <= MAX_TOKEN_LENGTH) {
    tokens.push(lower);
    return;
  }
  for (let start = 0; start < lower.length; start += MAX_TOKEN_LENGTH) {
    tokens.push(lower.slice(start, start + MAX_TOKEN_LENGTH));
  }
}

/** Java's per-code-point `Character.toLowerCase`, as Lucene's LowerCaseFilter applies it. */
function lowercase(token: string): string {
  if (!SPECIAL_LOWERCASE.test(token)) return token.toLowerCase();
  let lower = '';
  for (const char of token) lower += char === '\u0130' ? 'i' : char.toLowerCase();
  return lower;
}
