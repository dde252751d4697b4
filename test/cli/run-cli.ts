import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { tempDir } from '../support/temp-dir.ts';

/**
 * Runs `loupe` in-process and captures what it prints: `out`/`err` as lines, `stdout` as the
 * exact text written to stdout.
 */
export async function runLoupe(...argv: string[]): Promise<{ code: number; out: string[]; err: string[]; stdout: string }> {
  const err: string[] = [];
  let stdout = '';
  const code = await main(argv, {
    out: (text) => void (stdout += `${text}\n`),
    err: (text) => void err.push(...text.split('\n')),
    write: async (text) => void (stdout += text),
  });
  const out = stdout === '' ? [] : stdout.replace(/\n$/, '').split('\n');
  return { code, out, err, stdout };
}

/** A fresh temporary folder holding the given files (relative path -> text). */
export function tempFiles(files: Record<string, string>): string {
  const root = tempDir('loupe-cli-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
