/**
 * Reads an elastic/detection-rules release in any of the forms it comes in: the repository's zip
 * or tarball (GitHub's "Source code" downloads, a `git archive`), a checkout or its `rules/` TOML
 * tree, or the one-rule-per-line NDJSON conversion in ../shared/corpus (Kibana field names plus a
 * `meta` key with the source path, maturity and deprecation). What comes back is the rule files
 * with their repository paths, the licence and notice texts, and what identifies the release.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { gunzipSync, unzipSync } from 'fflate';
import { unpackTar } from 'modern-tar';

export interface ReleaseRuleFile {
  /** Path inside the repository (`rules/windows/x.toml`), `/`-separated. */
  readonly path: string;
  readonly text: string;
}

export interface Release {
  readonly kind: 'toml' | 'ndjson';
  /** TOML rule files, or (kind ndjson) one file holding every rule. */
  readonly files: readonly ReleaseRuleFile[];
  readonly license?: string;
  readonly notice?: string;
  /** `version` of the repository's pyproject.toml. */
  readonly version?: string;
  readonly commit?: string;
}

/** Rule folders of the repository: production rules live in both; `_deprecated` folders are skipped later by maturity. */
const RULE_ROOTS = ['rules/', 'rules_building_block/'];

const decoder = new TextDecoder();

/** A member's repository path: the archive's top folder (`detection-rules-8.17/`) removed when the rest is the repository. */
function repositoryPaths(names: readonly string[]): (name: string) => string | undefined {
  const top = names.find((name) => /^[^/]+\/(LICENSE\.txt|pyproject\.toml|rules\/)/.test(name))?.split('/')[0];
  return (name) => {
    const path = top !== undefined && name.startsWith(`${top}/`) ? name.slice(top.length + 1) : name;
    return path === '' ? undefined : path;
  };
}

function fromMembers(members: ReadonlyMap<string, Uint8Array>, commit: string | undefined): Release {
  const pathOf = repositoryPaths([...members.keys()]);
  const byPath = new Map<string, string>();
  for (const [name, data] of members) {
    const path = pathOf(name);
    if (path === undefined) continue;
    const wanted = (RULE_ROOTS.some((root) => path.startsWith(root)) && path.endsWith('.toml')) || ['LICENSE.txt', 'NOTICE.txt', 'pyproject.toml'].includes(path);
    if (wanted) byPath.set(path, decoder.decode(data));
  }
  return release(byPath, commit);
}

function release(byPath: ReadonlyMap<string, string>, commit: string | undefined): Release {
  const files = [...byPath].filter(([path]) => path.endsWith('.toml') && path !== 'pyproject.toml').map(([path, text]) => ({ path, text }));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (files.length === 0) throw new Error('no detection-rules TOML files under rules/ or rules_building_block/');
  const version = /^version\s*=\s*"([^"]+)"/m.exec(byPath.get('pyproject.toml') ?? '')?.[1];
  const license = byPath.get('LICENSE.txt');
  const notice = byPath.get('NOTICE.txt');
  return { kind: 'toml', files, ...(license !== undefined ? { license } : {}), ...(notice !== undefined ? { notice } : {}), ...(version !== undefined ? { version } : {}), ...(commit !== undefined ? { commit } : {}) };
}

/** GitHub writes the commit id as the zip's comment (end-of-central-directory record). */
function zipComment(bytes: Uint8Array): string | undefined {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes[at] === 0x50 && bytes[at + 1] === 0x4b && bytes[at + 2] === 0x05 && bytes[at + 3] === 0x06) {
      const length = bytes[at + 20]! | (bytes[at + 21]! << 8);
      const comment = decoder.decode(bytes.subarray(at + 22, at + 22 + length)).trim();
      return /^[0-9a-f]{40}$/.test(comment) ? comment : undefined;
    }
  }
  return undefined;
}

async function readArchive(file: string): Promise<Release> {
  const bytes = new Uint8Array(await readFile(file));
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const members = unzipSync(bytes, { filter: (member) => !member.name.endsWith('/') });
    return fromMembers(new Map(Object.entries(members)), zipComment(bytes));
  }
  const tar = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  const entries = await unpackTar(tar);
  const members = new Map<string, Uint8Array>();
  let commit: string | undefined;
  for (const entry of entries) {
    // `git archive` and GitHub's tarballs carry the commit id in a pax global header's comment.
    const comment = (entry.header as { pax?: Record<string, string> }).pax?.comment;
    if (comment !== undefined && /^[0-9a-f]{40}$/.test(comment)) commit = comment;
    if (entry.data && entry.header.type === 'file') members.set(entry.header.name, entry.data);
  }
  return fromMembers(members, commit);
}

async function walk(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const child of await readdir(folder, { withFileTypes: true })) {
    if (child.name.startsWith('.')) continue;
    const path = join(folder, child.name);
    if (child.isDirectory()) found.push(...(await walk(path)));
    else found.push(path);
  }
  return found;
}

/** A checkout (holding rules/) or a rules/ or rules_building_block/ tree on its own. */
async function readTree(folder: string): Promise<Release> {
  const isCheckout = await stat(join(folder, 'rules')).then((info) => info.isDirectory(), () => false);
  const root = isCheckout ? folder : dirname(folder);
  const byPath = new Map<string, string>();
  const roots = isCheckout ? RULE_ROOTS.map((name) => join(folder, name)) : [folder];
  for (const tree of roots) {
    const files = await walk(tree).catch(() => []);
    for (const file of files) if (file.endsWith('.toml')) byPath.set(relative(root, file).split(sep).join('/'), await readFile(file, 'utf8'));
  }
  for (const name of ['LICENSE.txt', 'NOTICE.txt', 'pyproject.toml']) {
    const text = await readFile(join(root, name), 'utf8').catch(() => undefined);
    if (text !== undefined) byPath.set(name, text);
  }
  const head = await readFile(join(root, '.git', 'HEAD'), 'utf8').catch(() => undefined);
  const commit = head !== undefined && /^[0-9a-f]{40}$/.test(head.trim()) ? head.trim() : undefined;
  return release(byPath, commit);
}

/** The shared corpus NDJSON; its README beside it names the source commit. */
async function readNdjson(file: string): Promise<Release> {
  const text = await readFile(file, 'utf8');
  const readme = await readFile(join(dirname(file), 'README.md'), 'utf8').catch(() => '');
  const commit = /\b([0-9a-f]{40})\b/.exec(readme)?.[1];
  return { kind: 'ndjson', files: [{ path: basename(file), text }], ...(commit !== undefined ? { commit } : {}) };
}

export async function readRelease(path: string): Promise<Release> {
  const info = await stat(path);
  if (info.isDirectory()) return readTree(path);
  if (/\.(nd)?jsonl?$/i.test(path)) return readNdjson(path);
  return readArchive(path);
}
