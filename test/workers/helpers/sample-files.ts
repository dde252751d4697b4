import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tarGz, zip } from '../../../scripts/sample/archives.ts';
import { macosCase } from '../../../scripts/sample/macos-case.ts';
import { tempDir } from '../../support/temp-dir.ts';

export interface SampleFiles {
  readonly dir: string;
  readonly first: string;
  readonly second: string;
  /**
   * The first archive's events as one plain NDJSON file (large enough to be cut into parts), with
   * what line accounting must get right across part boundaries: a BOM, CRLF line ends, blank,
   * damaged and non-object lines, invalid UTF-8, an export wrapper and a final line without LF.
   */
  readonly plain: string;
  readonly bytes: { readonly first: Uint8Array; readonly second: Uint8Array; readonly plain: Uint8Array };
}

let cached: Promise<SampleFiles> | undefined;

function plainNdjson(events: readonly unknown[]): Uint8Array {
  const lines = events.map((event, i) => {
    const text = JSON.stringify(event);
    if (i % 97 === 5) return `${text}\r`;
    if (i % 211 === 7) return `{"_index":"logs-endpoint.events.process-default","_id":"x${i}","_source":${text}}`;
    return text;
  });
  for (const [at, damage] of [[300, ''], [900, 'not json'], [1500, '[1,2]'], [1800, '{"half": '], [2100, '   ']] as const) lines.splice(at, 0, damage);
  const encoder = new TextEncoder();
  const body = encoder.encode(`\uFEFF${lines.join('\n')}`);
  // One invalid UTF-8 byte inside a string value near the middle (a line is still read).
  const middle = body.indexOf(0x22, Math.floor(body.length / 2) + 40);
  const damaged = new Uint8Array(body.length + 1);
  damaged.set(body.subarray(0, middle + 1));
  damaged[middle + 1] = 0xff;
  damaged.set(body.subarray(middle + 1), middle + 2);
  return damaged;
}

/** The sample case's two archives (and the plain file), generated once per test file into a temporary folder. */
export function sampleFiles(): Promise<SampleFiles> {
  cached ??= (async () => {
    const { first, second } = macosCase();
    const dir = tempDir('loupe-sample-');
    const bytes = { first: await tarGz(first), second: zip(second), plain: plainNdjson(first.files.flatMap((file) => file.events)) };
    const paths = { first: join(dir, `${first.name}.tar.gz`), second: join(dir, `${second.name}.zip`), plain: join(dir, `${first.name}.ndjson`) };
    writeFileSync(paths.first, bytes.first);
    writeFileSync(paths.second, bytes.second);
    writeFileSync(paths.plain, bytes.plain);
    return { dir, ...paths, bytes };
  })();
  return cached;
}
