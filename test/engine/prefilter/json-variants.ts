/**
 * The same JSON value written many ways, as producers other than JSON.stringify write it: `\/` for
 * `/`, `\uXXXX` (either hex case) for any character, keys in any order, whitespace between tokens.
 * Every variant parses back to the same value. Choices come from a seeded generator.
 */

export interface JsonStyle {
  readonly seed: number;
  /** Chance that a character of a string is written as `\uXXXX` (or `/` as `\/`). */
  readonly escapeRate: number;
  readonly shuffleKeys: boolean;
  readonly spaces: boolean;
}

export function writeJson(value: unknown, style: JsonStyle): string {
  let seed = style.seed >>> 0 || 1;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const space = () => (style.spaces && random() < 0.3 ? ' \t'.charAt(Math.floor(random() * 2)) : '');
  const text = (raw: string): string => {
    let out = '';
    for (const char of raw) {
      if (style.escapeRate > 0 && random() < style.escapeRate) {
        if (char === '/' && random() < 0.5) out += '\\/';
        else for (let i = 0; i < char.length; i++) out += unicodeEscape(char.charCodeAt(i), random() < 0.5);
      } else {
        out += JSON.stringify(char).slice(1, -1);
      }
    }
    return `"${out}"`;
  };
  const write = (node: unknown): string => {
    if (typeof node === 'string') return text(node);
    if (Array.isArray(node)) return `[${node.map((item) => space() + write(item) + space()).join(',')}]`;
    if (node !== null && typeof node === 'object') {
      const keys = Object.keys(node);
      if (style.shuffleKeys) keys.sort(() => random() - 0.5);
      return `{${keys.map((key) => `${space()}${text(key)}${space()}:${space()}${write((node as Record<string, unknown>)[key])}${space()}`).join(',')}}`;
    }
    return JSON.stringify(node);
  };
  return space() + write(value) + space();
}

function unicodeEscape(code: number, upper: boolean): string {
  const hex = code.toString(16).padStart(4, '0');
  return `\\u${upper ? hex.toUpperCase() : hex}`;
}
