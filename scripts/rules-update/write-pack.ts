/**
 * Writes a built pack into its folder: the rule shards, catalogue.json and MANIFEST.json. Shards a
 * previous pack left beyond the new count, and the single rules.ndjson packs were before they were
 * cut into shards, are removed: the CLI and the app load every rules-NN.ndjson in the folder.
 */
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { catalogueJson } from '../../src/engine/rules/pack/catalogue.ts';
import { shardOrder } from '../../src/engine/rules/pack/shards.ts';
import type { BuiltPack } from './build-pack.ts';

const UNSHARDED = 'rules.ndjson';

export async function writePack(out: string, pack: BuiltPack): Promise<void> {
  const written = new Set(pack.shards.map((shard) => shard.name));
  const stale = [...shardOrder(await readdir(out)).filter((name) => !written.has(name)), UNSHARDED];
  await Promise.all(stale.map((name) => rm(join(out, name), { force: true })));
  for (const shard of pack.shards) await writeFile(join(out, shard.name), shard.text);
  await writeFile(join(out, 'catalogue.json'), catalogueJson(pack.catalogue));
  await writeFile(join(out, 'MANIFEST.json'), `${JSON.stringify(pack.manifest, null, 2)}\n`);
}
