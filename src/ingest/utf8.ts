/**
 * UTF-8 decoding that says how much was wrong. TextDecoder replaces each invalid sequence with
 * U+FFFD (the WHATWG "maximal subpart" rule) but does not count them. A valid EF BF BD in the
 * input also decodes to U+FFFD, and an invalid sequence never swallows an EF lead byte (the
 * decoder re-reads a byte that breaks a sequence), so every EF BF BD in the bytes is exactly one
 * genuine U+FFFD: invalid = U+FFFD in the output - EF BF BD in the input.
 */

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

export function decodeUtf8(bytes: Uint8Array): { text: string; invalid: number } {
  try {
    return { text: strict.decode(bytes), invalid: 0 };
  } catch {
    const text = lenient.decode(bytes);
    return { text, invalid: countReplacements(text) - countEncodedReplacements(bytes) };
  }
}

/** The text, or undefined when the bytes are not valid UTF-8. */
export function decodeValidUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

function countReplacements(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\uFFFD'); at !== -1; at = text.indexOf('\uFFFD', at + 1)) count++;
  return count;
}

function countEncodedReplacements(bytes: Uint8Array): number {
  let count = 0;
  for (let at = bytes.indexOf(0xef); at !== -1 && at + 2 < bytes.length; at = bytes.indexOf(0xef, at + 1)) {
    if (bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd) count++;
  }
  return count;
}
