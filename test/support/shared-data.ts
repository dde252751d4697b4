/**
 * The reference data some suites read from `../shared` beside the repository (the public rules
 * corpus, the Elasticsearch/Kibana/endgame conformance data, the seed documents). A fresh clone
 * has no such folder: `npm test` must still pass there, so a suite whose data is missing skips
 * with one test that names what is missing. Under CI (`CI=true`) missing data is an error
 * instead: CI always has `shared/`, and a suite that quietly stopped reading it would hide that.
 *
 * File level, for suites built from the data (`it.each` over its records):
 *   if (needShared('corpus/detection-rules.ndjson')) { describe(...) }
 * Test level, for one test among others that need nothing:
 *   it('...', (ctx) => { skipWithoutShared(ctx, 'corpus/detection-rules.ndjson'); ... })
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it, type TestContext } from 'vitest';

/** `../shared` beside the repository, or `LOUPE_SHARED_DIR` (a copy elsewhere; the tests of this helper). */
const ROOT = process.env.LOUPE_SHARED_DIR ? resolve(process.env.LOUPE_SHARED_DIR) : fileURLToPath(new URL('../../../shared/', import.meta.url));

/** Absolute path of a file or folder under `shared/` (`corpus/detection-rules.ndjson`). */
export function sharedPath(relative: string): string {
  return join(ROOT, relative);
}

/** A shared file's text (call only once `needShared`/`skipWithoutShared` said it is there). */
export function readShared(relative: string): string {
  return readFileSync(sharedPath(relative), 'utf8');
}

/** Whether CI asked for every suite to run: there, missing data fails instead of skipping. */
export function strictSharedData(environment: NodeJS.ProcessEnv = process.env): boolean {
  const value = environment.CI?.toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/** The one-line reason a suite does not run: what is missing and where it was looked for. */
export function missingSharedNote(missing: readonly string[]): string {
  return `reference data missing: ${missing.map((relative) => `../shared/${relative}`).join(', ')} (not beside this clone)`;
}

function missingOf(relatives: readonly string[]): string[] {
  return relatives.filter((relative) => !existsSync(sharedPath(relative)));
}

function failUnderCi(missing: readonly string[]): void {
  if (strictSharedData()) throw new Error(`${missingSharedNote(missing)}; CI=true requires it`);
}

/**
 * File level: true when every path is there. Otherwise registers ONE test in the suite's place
 * that skips with the reason (fails under CI) and returns false: the caller then defines nothing
 * that reads the data.
 */
export function needShared(...relatives: string[]): boolean {
  const missing = missingOf(relatives);
  if (missing.length === 0) return true;
  it(`needs ${missing.map((relative) => `../shared/${relative}`).join(', ')}`, (context) => {
    failUnderCi(missing);
    context.skip(missingSharedNote(missing));
  });
  return false;
}

/** Test level: skips the running test with the reason (fails it under CI) when a path is missing. */
export function skipWithoutShared(context: TestContext, ...relatives: string[]): void {
  const missing = missingOf(relatives);
  if (missing.length === 0) return;
  failUnderCi(missing);
  context.skip(missingSharedNote(missing));
}
