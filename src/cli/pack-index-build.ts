/**
 * Entry point the build runs once (scripts/build-cli.mjs), from the bundle it has just made: writes
 * the library's pack index beside that bundle (pack-index.ts), so the summaries come from the
 * compiler the bundle holds.
 */
import { writePackIndex } from './pack-index.ts';
import { ELASTIC_PACK_DIR, readLibraryShards, readPackCatalogue } from './rule-pack.ts';

const { shards, sha256 } = await readLibraryShards();
const count = await writePackIndex(await readPackCatalogue(), shards, sha256);
console.log(`pack index: ${count} rules of ${ELASTIC_PACK_DIR} (${shards.length} shards) precompiled`);
