import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main.ts';

/** Runs `loupe` in-process and captures what it prints. */
export async function runLoupe(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (text) => out.push(...text.split('\n')), err: (text) => err.push(...text.split('\n')) });
  return { code, out, err };
}

/** A fresh temporary folder holding the given files (relative path -> text). */
export function tempFiles(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'loupe-cli-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
