/**
 * `npm run rules:update FILE [-- --out DIR]`: regenerates the bundled Elastic rule pack
 * (rules/elastic/) from an elastic/detection-rules release: the repository's zip or tarball, a
 * checkout or its rules/ tree, or the corpus NDJSON conversion (../shared/corpus). Writes the rule
 * shards rules-NN.ndjson (each under 2 MB), catalogue.json and MANIFEST.json, and the release's
 * LICENSE.txt and NOTICE.txt (an NDJSON input carries neither: the ones already in DIR are kept,
 * and their absence is an error).
 * Runs offline; nothing here is needed at run time.
 */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPack } from './rules-update/build-pack.ts';
import { readRelease } from './rules-update/read-release.ts';
import { writePack } from './rules-update/write-pack.ts';

const DEFAULT_OUT = resolve(import.meta.dirname, '..', 'rules', 'elastic');

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' }, commit: { type: 'string' }, date: { type: 'string' } } });
  const input = positionals[0];
  if (input === undefined || positionals.length > 1) {
    throw new Error('usage: npm run rules:update FILE [-- --out DIR --commit SHA --date YYYY-MM-DD]\n  FILE: detection-rules zip/tarball, checkout or rules/ folder, or detection-rules.ndjson');
  }
  const out = resolve(values.out ?? DEFAULT_OUT);
  const read = await readRelease(input);
  const release = values.commit !== undefined ? { ...read, commit: values.commit } : read;
  const pack = buildPack(release, { input: basename(resolve(input)), generated: values.date ?? new Date().toISOString().slice(0, 10) });
  await mkdir(out, { recursive: true });
  for (const [name, text] of [['LICENSE.txt', release.license], ['NOTICE.txt', release.notice]] as const) {
    if (text !== undefined) await writeFile(join(out, name), text);
    else if (!(await access(join(out, name)).then(() => true, () => false))) throw new Error(`${input} carries no ${name}, and ${out} has none: the rules may not ship without it`);
  }
  await writePack(out, pack);
  const { counts } = pack.manifest;
  console.log(`${out}: ${counts.rules} production rules (${counts.runnable} runnable, ${counts.not_runnable} listed as not runnable) in ${pack.shards.length} shards from ${pack.manifest.source.input}${release.commit !== undefined ? ` @ ${release.commit.slice(0, 12)}` : ''}`);
}

main().catch((error: unknown) => {
  console.error(`rules:update: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
