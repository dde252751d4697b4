/**
 * The bundled library's pack index: each runnable rule's summary (engine/rules/precompiled.ts),
 * so `loupe scan` loads the 1,700-rule library without parsing or compiling a query (a rule's
 * query is compiled when an event first reaches it; rules no event reaches never are).
 *
 * The build writes it beside the CLI bundle (scripts/build-cli.mjs runs pack-index-build.ts), so
 * it always comes from the compiler in that bundle; it holds the SHA-256 of the rule shards it was
 * made from (rules-NN.ndjson, hashed in order: the digest of the pack's whole NDJSON), and any other
 * rules (a `rules:update` since the build) are loaded and compiled in full, as is the library when
 * `loupe` runs from its sources (no index beside them).
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { RuleText } from '../engine/rules/load.ts';
import type { PackCatalogue } from '../engine/rules/pack/catalogue.ts';
import { packIndexOf, parsePackIndex, type PackIndex } from '../engine/rules/pack/pack-index.ts';

export { packChecks, type PackIndex } from '../engine/rules/pack/pack-index.ts';

/** Beside the module: build/cli/ for the bundle; nothing is ever written beside the sources. */
export const PACK_INDEX_FILE = fileURLToPath(new URL('./elastic-pack-index.json', import.meta.url));

/** SHA-256 (hex) of the parts one after another: of the shards, the digest of the pack's whole NDJSON. */
export function sha256Hex(parts: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/** The index for exactly these rule shards (their `sha256Hex`); undefined when absent, unreadable or made from other rules. */
export async function readPackIndex(rulesSha256: string, file = PACK_INDEX_FILE): Promise<PackIndex | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const index = parsePackIndex(text);
  return index?.rulesSha256 === rulesSha256 ? index.rules : undefined;
}

/** Checks every runnable rule of the library (its shards, whose `sha256Hex` is `rulesSha256`) and writes the summaries of those that are `ok`. */
export async function writePackIndex(catalogue: PackCatalogue, shards: readonly RuleText[], rulesSha256: string, out = PACK_INDEX_FILE): Promise<number> {
  const file = packIndexOf(catalogue, shards, rulesSha256);
  await writeFile(out, `${JSON.stringify(file)}\n`);
  return Object.keys(file.rules).length;
}
