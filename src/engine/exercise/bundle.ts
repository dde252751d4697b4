/**
 * An exercise bundle: a plain zip with `exercise.json` (manifest.ts) and the members it names
 * (evidence archives, rule files). Written by the app's exercise builder and the sample script;
 * read when a trainee opens one, every named member checked to be there.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { ExerciseError, parseExerciseManifest, type ExerciseManifest } from './manifest.ts';

export interface BundleMember {
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface ExerciseBundle {
  readonly manifest: ExerciseManifest;
  readonly evidence: readonly BundleMember[];
  /** Rule files as text, with their member paths. */
  readonly rules: readonly { readonly file: string; readonly text: string }[];
}

export const EXERCISE_MANIFEST = 'exercise.json';
/** A bundle member past this size is refused (a hostile zip may claim any size). */
export const MAX_BUNDLE_MEMBER_BYTES = 1024 * 1024 * 1024;
const FIXED_TIME = new Date(1980, 0, 1);

export function writeExerciseBundle(manifest: ExerciseManifest, members: readonly BundleMember[]): Uint8Array {
  const zippable: Zippable = { [EXERCISE_MANIFEST]: [strToU8(`${JSON.stringify(manifest, null, 2)}\n`), { mtime: FIXED_TIME }] };
  // Archives are stored as they are: compressing them again gains nothing.
  for (const member of members) zippable[member.path] = [member.bytes, { mtime: FIXED_TIME, level: 0 }];
  return zipSync(zippable);
}

export function readExerciseBundle(bytes: Uint8Array): ExerciseBundle {
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes, {
      filter: (entry) => {
        if (entry.originalSize > MAX_BUNDLE_MEMBER_BYTES) throw new ExerciseError(`${entry.name}: ${entry.originalSize} bytes, more than an exercise member may hold`);
        return !entry.name.endsWith('/');
      },
    });
  } catch (error) {
    if (error instanceof ExerciseError) throw error;
    throw new ExerciseError(`not a readable zip (${error instanceof Error ? error.message : String(error)})`);
  }
  const member = (path: string, why: string): Uint8Array => {
    const data = Object.hasOwn(members, path) ? members[path] : undefined;
    if (data === undefined) throw new ExerciseError(`${path}: ${why} missing from the bundle`);
    return data;
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(strFromU8(member(EXERCISE_MANIFEST, 'the manifest is')));
  } catch (error) {
    if (error instanceof ExerciseError) throw error;
    throw new ExerciseError(`exercise.json: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const manifest = parseExerciseManifest(parsed);
  return {
    manifest,
    evidence: manifest.evidence.map((path) => ({ path, bytes: member(path, 'evidence named in exercise.json is') })),
    rules: manifest.rules.map((path) => ({ file: path, text: strFromU8(member(path, 'a rule file named in exercise.json is')) })),
  };
}

/** Whether bytes are an exercise bundle (a zip holding exercise.json), judged from the zip's central directory at its end. */
export function looksLikeExerciseBundle(tail: Uint8Array): boolean {
  // The central directory stores each name after a 46-byte header whose signature is PK\1\2.
  const name = strToU8(EXERCISE_MANIFEST);
  outer: for (let at = 0; at + 46 + name.length <= tail.length; at++) {
    if (tail[at] !== 0x50 || tail[at + 1] !== 0x4b || tail[at + 2] !== 0x01 || tail[at + 3] !== 0x02) continue;
    const length = tail[at + 28]! | (tail[at + 29]! << 8);
    if (length !== name.length) continue;
    for (let i = 0; i < name.length; i++) if (tail[at + 46 + i] !== name[i]) continue outer;
    return true;
  }
  return false;
}
