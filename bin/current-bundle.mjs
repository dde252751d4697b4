// Whether build/cli/ holds a bundle built from the sources as they are now (build/cli/inputs.json
// lists them): bin/loupe.mjs and bin/reader-thread.mjs then run it instead of the TypeScript
// sources through tsx. LOUPE_FROM_SOURCE=1 always runs the sources.
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);

/** `file` under build/cli/ when the bundle is current; undefined when the sources must run. */
export function currentBundle(file) {
  if (process.env.LOUPE_FROM_SOURCE === '1') return undefined;
  const bundle = new URL(`build/cli/${file}`, root);
  try {
    const built = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(new URL('build/cli/inputs.json', root), 'utf8'));
    return inputs.every((input) => statSync(new URL(input, root)).mtimeMs <= built) ? bundle : undefined;
  } catch {
    return undefined;
  }
}
