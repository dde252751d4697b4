/**
 * Code-point stepping over UTF-16 strings. Elasticsearch matches wildcards and regexes per Unicode
 * code point, so one "character" is a surrogate pair for astral symbols; a lone surrogate counts as one.
 */
function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Index just after the code point that starts at `index` (`index < text.length`). */
export function nextCodePoint(text: string, index: number): number {
  return isHighSurrogate(text.charCodeAt(index)) && isLowSurrogate(text.charCodeAt(index + 1)) ? index + 2 : index + 1;
}

/** Index where the code point that ends at `index` starts (`index > 0`). */
export function previousCodePoint(text: string, index: number): number {
  return isLowSurrogate(text.charCodeAt(index - 1)) && isHighSurrogate(text.charCodeAt(index - 2)) ? index - 2 : index - 1;
}
