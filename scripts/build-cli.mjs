// Builds the `loupe` command line into build/cli/ (plain JavaScript, one file per entry), so
// `loupe` starts without compiling TypeScript: `npm install` runs it (`prepare`), and so does
// `npm run build`. A plain .mjs script (not TypeScript) because it must run before anything is built.
// esbuild comes with tsx, a runtime dependency. build/cli/inputs.json lists every source file the
// bundle was made from, so bin/loupe.mjs can tell a stale bundle and run the sources instead.
// Then the new bundle writes the library's pack index beside itself (src/cli/pack-index.ts), so the
// library loads without compiling a query until an event reaches its rule.
import { execFileSync } from 'node:child_process';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// build/cli/ sits as deep as src/cli/, so the paths the CLI finds from its own location (../../rules/) hold in both.
const final = join(root, 'build', 'cli');
// Built beside and then swapped in, so a `loupe` starting meanwhile finds the old bundle, the new
// one, or none (and runs the sources), never a half-written file.
const out = `${final}.${process.pid}`;

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { loupe: 'src/cli/main.ts', 'reader-thread': 'src/cli/reader.worker.ts', 'pack-index': 'src/cli/pack-index-build.ts' },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // No shared chunks: each file finds rules/ and its reader thread from its own location.
  minifySyntax: true,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require(): give the ESM bundle one.
  banner: { js: "import { createRequire as __loupeRequire } from 'node:module'; const require = __loupeRequire(import.meta.url);" },
});
const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith('node_modules/')).sort();
await writeFile(join(out, 'inputs.json'), `${JSON.stringify(inputs)}\n`);
let index = 'no pack index';
try {
  index = execFileSync(process.execPath, [join(out, 'pack-index.mjs')], { encoding: 'utf8' }).trim();
} catch (error) {
  // Without it the library still loads, compiling every rule at start: a slower start, not a wrong one.
  console.warn(`build/cli: the pack index was not written (${error instanceof Error ? error.message : String(error)})`);
}
await rm(final, { recursive: true, force: true });
await rename(out, final);
console.log(`build/cli: loupe.mjs and reader-thread.mjs from ${inputs.length} source files; ${index}`);
