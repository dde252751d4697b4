/**
 * Writes the sample case to public/sample/ (generated, not committed): the first days as
 * `.tar.gz`, a later day as `.zip`, and `index.json` naming them. Deterministic: same bytes every run.
 * Run by `npm run sample`, and before `npm start` and `npm run build`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'fflate';
import { tarGz, zip } from './sample/archives.ts';
import { esloggerCase, ESLOGGER_HOST } from './sample/eslogger-case.ts';
import { macosCase } from './sample/macos-case.ts';
import { sampleExercise } from './sample/exercise.ts';
import { writeExerciseBundle } from '../src/engine/exercise/bundle.ts';

export const SAMPLE_DIR = fileURLToPath(new URL('../public/sample/', import.meta.url));

export async function makeSample(dir = SAMPLE_DIR): Promise<{ first: string; second: string; eslogger: string; exercise: string }> {
  const { first, second } = macosCase();
  const files = { first: `${first.name}.tar.gz`, second: `${second.name}.zip`, eslogger: `${ESLOGGER_HOST}.json.gz`, exercise: 'macos-exercise.zip' };
  mkdirSync(dir, { recursive: true });
  const firstArchive = await tarGz(first);
  writeFileSync(`${dir}/${files.first}`, firstArchive);
  const exercise = sampleExercise(files.first);
  writeFileSync(`${dir}/${files.exercise}`, writeExerciseBundle(exercise, [{ path: exercise.evidence[0]!, bytes: firstArchive }]));
  writeFileSync(`${dir}/${files.second}`, zip(second));
  const capture = esloggerCase();
  writeFileSync(`${dir}/${files.eslogger}`, gzipSync(new TextEncoder().encode(capture), { level: 9, mtime: 0 }));
  const count = (day: typeof first) => day.files.reduce((sum, file) => sum + file.events.length, 0);
  const index = {
    description: 'Loupe sample case: three macOS hosts with Elastic Defend events; a Python credential stealer on mbp-alice, Kerberos cache dumping on mbp-bob.',
    files: [
      { name: files.first, events: count(first), note: 'the case: 2024-05-06 to 2024-05-09' },
      { name: files.second, events: count(second), note: 'a later day: scan after the first to see new-terms history at work' },
      { name: files.eslogger, messages: capture.split('\n').length - 1, note: `raw evidence: an eslogger capture of a fourth Mac (host ${ESLOGGER_HOST}, from the file name), mapped to Elastic Defend events as it is read` },
      { name: files.exercise, note: 'a training exercise on the case (exercise.json + the first archive): open it with Training > Start the sample exercise' },
    ],
  };
  writeFileSync(`${dir}/index.json`, `${JSON.stringify(index, null, 2)}\n`);
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = await makeSample();
  console.log(`sample case written to ${SAMPLE_DIR}: ${files.first}, ${files.second}`);
}
