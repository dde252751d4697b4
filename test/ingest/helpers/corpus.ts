/** A small, awkward NDJSON corpus: brackets and escapes inside strings, unicode, nesting, CRLF. */
import { utf8 } from './build.ts';

export const EVENTS: readonly Record<string, unknown>[] = [
  { '@timestamp': '2024-05-01T10:00:00.000Z', event: { category: ['process'], type: ['start'] }, process: { name: 'cmd.exe', args: ['/c', 'echo [1,2] {x}'] } },
  { '@timestamp': '2024-05-01T10:00:01.000Z', message: 'quote " backslash \\ bracket ] brace } comma , colon :', host: { name: 'wks-01' } },
  { '@timestamp': '2024-05-01T10:00:02.000Z', message: 'unicode: Zürich, 東京, emoji 🦊, escaped \u2028 line sep', tags: [] },
  { '@timestamp': '2024-05-01T10:00:03.000Z', nested: { deep: [{ a: [1, [2, [3]]] }, {}], empty: {} }, number: -12.5e3, flag: true, nothing: null },
  { '@timestamp': '2024-05-01T10:00:04.000Z', 'dotted.field': 'x', user: { name: 'O\'Brien' }, path: 'C:\\Windows\\System32\\"evil"' },
];

export const NDJSON_TEXT = `${EVENTS.map((event) => JSON.stringify(event)).join('\n')}\n`;
export const NDJSON = utf8(NDJSON_TEXT);

/** The same events, `count` times over, for inputs large enough to span many chunks and blocks. */
export function repeatedNdjson(count: number): Uint8Array {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(JSON.stringify({ ...EVENTS[i % EVENTS.length], seq: i }));
  return utf8(`${lines.join('\n')}\n`);
}
