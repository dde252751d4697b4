/**
 * UTF-16 text with a byte order mark, transcoded to UTF-8 as it streams: Windows PowerShell 5
 * writes UTF-16 LE with a BOM from `Out-File`, `>` and `Export-Csv -Encoding Unicode`. The
 * decoder keeps a character split across chunks (an odd byte, half a surrogate pair) for the next
 * chunk; an unpaired surrogate becomes U+FFFD. The output starts with a UTF-8 BOM, so the text
 * stages still see (and report) that the file had one. UTF-16 without a BOM is not recognised:
 * it is read as binary (NUL bytes), as before.
 */
export type Utf16Encoding = 'utf-16le' | 'utf-16be';

const UTF8_BOM = Uint8Array.of(0xef, 0xbb, 0xbf);

/** The encoding a UTF-16 byte order mark at the start of `prefix` names, if any. */
export function utf16Bom(prefix: Uint8Array): Utf16Encoding | undefined {
  if (prefix[0] === 0xff && prefix[1] === 0xfe) return 'utf-16le';
  if (prefix[0] === 0xfe && prefix[1] === 0xff) return 'utf-16be';
  return undefined;
}

export async function* utf16ToUtf8(chunks: AsyncIterable<Uint8Array>, encoding: Utf16Encoding): AsyncGenerator<Uint8Array> {
  // The default (ignoreBOM false) drops the BOM the file starts with.
  const decoder = new TextDecoder(encoding);
  const encoder = new TextEncoder();
  yield UTF8_BOM;
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield encoder.encode(text);
  }
  const rest = decoder.decode();
  if (rest !== '') yield encoder.encode(rest);
}
