/**
 * After `vite build --mode single`: prints the single file's SHA-256 and size, and writes it beside
 * the file in `sha256sum` format, so whoever receives the file on a USB stick can check it
 * (`sha256sum -c loupe.html.sha256`, or compare with the published value).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SINGLE_FILE_NAME } from './vite-single-file.ts';

const file = fileURLToPath(new URL(`../dist-single/${SINGLE_FILE_NAME}`, import.meta.url));

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

const digest = sha256File(file);
writeFileSync(`${file}.sha256`, `${digest}  ${basename(file)}\n`);
const bytes = readFileSync(file).length;
console.log(`${relative(process.cwd(), file)}: ${(bytes / 1024).toFixed(0)} KiB`);
console.log(`SHA-256 ${digest}`);
