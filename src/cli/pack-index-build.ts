/**
 * Entry point the build runs once (scripts/build-cli.mjs), from the bundle it has just made: writes
 * the library's pack index beside that bundle (pack-index.ts), so the summaries come from the
 * compiler the bundle holds.
 */
import { readFile } from 'node:fs/promises';
import { PACK_RULES_FILE } from './files.ts';
import { writePackIndex } from './pack-index.ts';
import { ELASTIC_PACK_DIR, readPackCatalogue } from './rule-pack.ts';

const file = `${ELASTIC_PACK_DIR}${PACK_RULES_FILE}`;
const count = await writePackIndex(await readPackCatalogue(), await readFile(file), file);
console.log(`pack index: ${count} rules of ${file} precompiled`);
