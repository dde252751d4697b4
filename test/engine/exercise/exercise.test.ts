/** Exercise bundles: the manifest checked field by field, answers scored with hints' cost, bundles read back. */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { looksLikeExerciseBundle, readExerciseBundle, writeExerciseBundle } from '../../../src/engine/exercise/bundle.ts';
import { parseExerciseManifest, type ExerciseManifest } from '../../../src/engine/exercise/manifest.ts';
import { scoreExercise } from '../../../src/engine/exercise/score.ts';
import { sampleExercise } from '../../../scripts/sample/exercise.ts';

const manifest: ExerciseManifest = {
  format: 'loupe-exercise',
  version: 1,
  title: 'T',
  description: '',
  hintCost: 0.5,
  evidence: ['evidence/a.ndjson'],
  rules: ['rules/r.toml'],
  questions: [
    { id: 'host', text: 'Which host?', kind: 'choice', options: ['a', 'b'], answers: ['b'], points: 2, hint: 'look' },
    { id: 'file', text: 'Which file?', kind: 'text', answers: ['login.keychain-db', '/x/login.keychain-db'], points: 1, explanation: 'first read' },
    { id: 'rule', text: 'Which rule?', kind: 'rule', answers: ['Kerberos Cached Credentials Dumping'], points: 1 },
  ],
};

describe('parseExerciseManifest', () => {
  it('accepts the sample exercise and fills defaults', () => {
    const parsed = parseExerciseManifest(JSON.parse(JSON.stringify(sampleExercise('case.tar.gz'))));
    expect(parsed.questions.map((question) => question.id)).toEqual(['host', 'parent', 'first-file', 'kerberos', 'ci-verdict']);
    const { hintCost: _h, rules: _r, ...minimal } = manifest;
    expect(parseExerciseManifest({ ...minimal, questions: [{ id: 'q', text: 't', kind: 'text', answers: ['x'] }] })).toMatchObject({ hintCost: 0.5, rules: [], questions: [{ points: 1 }] });
  });

  it.each<[string, unknown, RegExp]>([
    ['not an exercise', { ...manifest, format: 'loupe-case' }, /not a Loupe exercise/],
    ['another version', { ...manifest, version: 2 }, /version 2/],
    ['no questions', { ...manifest, questions: [] }, /questions: expected a non-empty list/],
    ['no evidence', { ...manifest, evidence: [] }, /at least one evidence file/],
    ['an unknown kind', { ...manifest, questions: [{ id: 'q', text: 't', kind: 'essay', answers: ['x'] }] }, /questions\[0\]\.kind/],
    ['an answer not among the options', { ...manifest, questions: [{ id: 'q', text: 't', kind: 'choice', options: ['a'], answers: ['b'] }] }, /must be one of the options/],
    ['a repeated id', { ...manifest, questions: [manifest.questions[1], manifest.questions[1]] }, /"file" is used twice/],
    ['no accepted answer', { ...manifest, questions: [{ id: 'q', text: 't', kind: 'text', answers: [] }] }, /at least one accepted answer/],
    ['a bad time limit', { ...manifest, timeLimitMinutes: -5 }, /timeLimitMinutes: expected minutes > 0/],
    ['a hint cost over 1', { ...manifest, hintCost: 2 }, /hintCost/],
    ['a title only inherited', JSON.parse('{"__proto__":{"title":"x"},"format":"loupe-exercise","version":1}'), /title: expected a non-empty string/],
  ])('refuses %s, naming the field', (_name, value, message) => {
    expect(() => parseExerciseManifest(value)).toThrow(message);
  });
});

describe('scoreExercise', () => {
  it.each<[string, Record<string, string>, string[], number, boolean[]]>([
    ['all right', { host: 'b', file: '  LOGIN.keychain-db ', rule: 'Kerberos Cached Credentials Dumping' }, [], 4, [true, true, true]],
    ['another accepted answer', { host: 'b', file: '/x/login.keychain-db', rule: 'Kerberos Cached Credentials Dumping' }, [], 4, [true, true, true]],
    ['a hint halves that question', { host: 'b', file: 'login.keychain-db', rule: 'Kerberos Cached Credentials Dumping' }, ['host'], 3, [true, true, true]],
    ['a hint on a question without one costs nothing', { host: 'b', file: 'login.keychain-db', rule: 'Kerberos Cached Credentials Dumping' }, ['rule'], 4, [true, true, true]],
    ['wrong and unanswered', { host: 'a', file: 'id_ed25519' }, [], 0, [false, false, false]],
    ['partial', { host: 'b', file: 'nope' }, [], 2, [true, false, false]],
    ['an inherited answer does not count', JSON.parse('{"__proto__":{"host":"b"}}') as Record<string, string>, [], 0, [false, false, false]],
  ])('%s', (_name, answers, hints, points, correct) => {
    const score = scoreExercise(manifest, answers, new Set(hints));
    expect(score.points).toBe(points);
    expect(score.maxPoints).toBe(4);
    expect(score.percent).toBe(Math.round((1000 * points) / 4) / 10);
    expect(score.results.map((result) => result.correct)).toEqual(correct);
    expect(score.results[1]).toMatchObject({ expected: 'login.keychain-db', explanation: 'first read' });
  });
});

describe('bundles', () => {
  const evidence = { path: 'evidence/a.ndjson', bytes: strToU8('{"a":1}\n') };
  const rules = { path: 'rules/r.toml', bytes: strToU8('[rule]\nname = "x"\n') };

  it('round-trip, deterministically, and are recognised from their central directory', () => {
    const bytes = writeExerciseBundle(manifest, [evidence, rules]);
    expect(writeExerciseBundle(manifest, [evidence, rules])).toEqual(bytes);
    const bundle = readExerciseBundle(bytes);
    expect(bundle.manifest).toEqual(manifest);
    expect(bundle.evidence).toEqual([evidence]);
    expect(bundle.rules).toEqual([{ file: 'rules/r.toml', text: '[rule]\nname = "x"\n' }]);
    expect(looksLikeExerciseBundle(bytes.subarray(Math.max(0, bytes.length - 65536)))).toBe(true);
    expect(looksLikeExerciseBundle(zipSync({ 'a.ndjson': strToU8('{}') }))).toBe(false);
  });

  it.each<[string, Uint8Array, RegExp]>([
    ['not a zip', strToU8('nope'), /not a readable zip/],
    ['no manifest', zipSync({ 'a.ndjson': strToU8('{}') }), /exercise\.json: the manifest is missing/],
    ['a manifest that is not JSON', zipSync({ 'exercise.json': strToU8('{') }), /exercise\.json: not JSON/],
    ['named evidence missing', zipSync({ 'exercise.json': strToU8(JSON.stringify(manifest)) }), /evidence\/a\.ndjson: evidence named in exercise\.json is missing/],
  ])('refuses %s', (_name, bytes, message) => {
    expect(() => readExerciseBundle(bytes)).toThrow(message);
  });
});
