import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isRuleFileName, RULE_FILE_EXTENSIONS } from '../engine/rules/load.ts';
import type { RuleText } from '../engine/rules/load.ts';
import { UsageError } from './args.ts';
import { appendAll } from '../engine/append-all.ts';
import { shardOrder } from '../engine/rules/pack/shards.ts';

/** A Node error's `code` (ENOENT, EEXIST...), if it has one. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** A file system error as a short reason for messages. */
export function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/**
 * A generated pack folder (rules/elastic/: MANIFEST.json beside the rule shards rules-NN.ndjson,
 * with a catalogue and licence texts that are not rules): named directly it is its shards, in
 * order; met while walking a parent it is skipped, so `rules/` stays the seed pack and never loads
 * the library twice over.
 */
export const PACK_MANIFEST = 'MANIFEST.json';

/** A pack folder's rule shards (engine/rules/pack/shards.ts), in pack order, as paths. */
export async function packRuleFiles(folder: string): Promise<string[]> {
  return shardOrder(await readdir(folder)).map((name) => join(folder, name));
}

async function isPackFolder(folder: string): Promise<boolean> {
  return stat(join(folder, PACK_MANIFEST)).then((info) => info.isFile(), () => false);
}

/** Rule files under a folder, recursively, in a stable order; hidden folders, node_modules and nested pack folders are skipped. */
async function walk(folder: string, top = true): Promise<string[]> {
  if (await isPackFolder(folder)) return top ? packRuleFiles(folder) : [];
  const found: string[] = [];
  const children = await readdir(folder, { withFileTypes: true });
  children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const child of children) {
    if (child.name.startsWith('.') || child.name === 'node_modules') continue;
    const path = join(folder, child.name);
    const isFolder = child.isDirectory() || (child.isSymbolicLink() && (await stat(path)).isDirectory());
    if (isFolder) appendAll(found, await walk(path, false));
    else if (isRuleFileName(child.name)) found.push(path);
  }
  return found;
}

async function ruleFilePaths(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new UsageError(`cannot read '${path}': ${reasonOf(error)}`);
  }
  if (!info.isDirectory()) {
    if (!isRuleFileName(path)) throw new UsageError(`'${path}' is not a rule file (expected ${RULE_FILE_EXTENSIONS.join(', ')})`);
    return [path];
  }
  const files = await walk(path).catch((error: unknown) => {
    throw new UsageError(`cannot read '${path}': ${reasonOf(error)}`);
  });
  if (files.length === 0) throw new UsageError(`no rule files (${RULE_FILE_EXTENSIONS.join(', ')}) in '${path}'`);
  return files;
}

/** Reads every rule file the paths name (files, or folders walked recursively); any unreadable path is a usage error. */
export async function readRuleTexts(paths: readonly string[]): Promise<RuleText[]> {
  const files = [...new Set((await Promise.all(paths.map(ruleFilePaths))).flat())];
  return Promise.all(
    files.map(async (file) => {
      try {
        const text = await readFile(file, 'utf8');
        return { file, text: text.replace(/^\uFEFF/, '') };
      } catch (error) {
        throw new UsageError(`cannot read '${file}': ${reasonOf(error)}`);
      }
    }),
  );
}
