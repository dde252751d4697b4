import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tarGz, zip } from '../../../scripts/sample/archives.ts';
import { macosCase } from '../../../scripts/sample/macos-case.ts';

export interface SampleFiles {
  readonly dir: string;
  readonly first: string;
  readonly second: string;
  readonly bytes: { readonly first: Uint8Array; readonly second: Uint8Array };
}

let cached: Promise<SampleFiles> | undefined;

/** The sample case's two archives, generated once per test file into a temporary folder. */
export function sampleFiles(): Promise<SampleFiles> {
  cached ??= (async () => {
    const { first, second } = macosCase();
    const dir = mkdtempSync(join(tmpdir(), 'loupe-sample-'));
    const bytes = { first: await tarGz(first), second: zip(second) };
    const paths = { first: join(dir, `${first.name}.tar.gz`), second: join(dir, `${second.name}.zip`) };
    writeFileSync(paths.first, bytes.first);
    writeFileSync(paths.second, bytes.second);
    return { dir, ...paths, bytes };
  })();
  return cached;
}
