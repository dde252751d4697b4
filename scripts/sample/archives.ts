/**
 * The sample case as archives, byte-for-byte reproducible (fixed mtimes, stable member order):
 * the first days as a `.tar.gz` (how collection scripts usually hand evidence over), the later
 * day as a `.zip`.
 */
import { gzipSync, strToU8, zipSync, type Zippable, type ZippableFile } from 'fflate';
import { packTar } from 'modern-tar';
import type { CaseDay, CaseFile } from './macos-case.ts';

const MTIME = new Date(Date.UTC(2024, 4, 11));

function ndjson(file: CaseFile): Uint8Array {
  return strToU8(file.events.map((event) => `${JSON.stringify(event)}\n`).join(''));
}

export async function tarGz(day: CaseDay): Promise<Uint8Array> {
  const entries = day.files.map((file) => {
    const body = ndjson(file);
    return { header: { name: `${day.name}/${file.path}`, size: body.length, type: 'file' as const, mtime: MTIME, mode: 0o644 }, body };
  });
  return gzipSync(await packTar(entries), { level: 6, mtime: MTIME });
}

export function zip(day: CaseDay): Uint8Array {
  const members: Zippable = Object.fromEntries(day.files.map((file): [string, ZippableFile] => [`${day.name}/${file.path}`, [ndjson(file), { mtime: MTIME }]]));
  return zipSync(members, { level: 6 });
}
