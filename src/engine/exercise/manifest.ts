/**
 * A training exercise's manifest (`exercise.json` in the bundle): what the trainee is told, the
 * evidence and rules to scan, and the questions with their expected answers. Instructors may write
 * it by hand (schema: docs/exercises.md), so everything is checked and the first problem named.
 */
export const EXERCISE_FORMAT = 'loupe-exercise';
export const EXERCISE_VERSION = 1;

/**
 * `text`: free text, right when it equals one of `answers` (case, surrounding and repeated
 * spaces ignored); `choice`: one of `options`; `rule`: one of the rules that alerted in the
 * exercise's scan (by name), e.g. "which alert is the true positive".
 */
export type QuestionKind = 'text' | 'choice' | 'rule';

export interface Question {
  readonly id: string;
  readonly text: string;
  readonly kind: QuestionKind;
  /** `choice` only. */
  readonly options?: readonly string[];
  /** Accepted answers (any one is right). */
  readonly answers: readonly string[];
  readonly points: number;
  readonly hint?: string;
  /** Shown with the score: why the answer is what it is. */
  readonly explanation?: string;
}

export interface ExerciseManifest {
  readonly format: typeof EXERCISE_FORMAT;
  readonly version: typeof EXERCISE_VERSION;
  readonly title: string;
  readonly description: string;
  /** Minutes; answers lock and are scored when it runs out. */
  readonly timeLimitMinutes?: number;
  /** Share of a question's points kept when its hint was shown (default 0.5). */
  readonly hintCost: number;
  /** Bundle members to scan (`evidence/case.tar.gz`). */
  readonly evidence: readonly string[];
  /** Bundle members holding rules (TOML / NDJSON); none: the app's own rules. */
  readonly rules: readonly string[];
  readonly questions: readonly Question[];
}

export class ExerciseError extends Error {
  override readonly name = 'ExerciseError';
}

type Json = Record<string, unknown>;
const own = (owner: Json, key: string): unknown => (Object.hasOwn(owner, key) ? owner[key] : undefined);

function object(value: unknown, where: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ExerciseError(`${where}: expected an object`);
  return value as Json;
}

function text(owner: Json, key: string, where: string, optional = false): string | undefined {
  const value = own(owner, key);
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new ExerciseError(`${where}.${key}: expected a non-empty string`);
  return value;
}

function texts(owner: Json, key: string, where: string, optional = false): string[] {
  const value = own(owner, key);
  if (value === undefined && optional) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.trim() === '')) throw new ExerciseError(`${where}.${key}: expected a list of non-empty strings`);
  return value as string[];
}

function number(owner: Json, key: string, where: string, check: (value: number) => boolean, wanted: string): number | undefined {
  const value = own(owner, key);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) throw new ExerciseError(`${where}.${key}: expected ${wanted}`);
  return value;
}

function questionOf(value: unknown, index: number, seen: Set<string>): Question {
  const where = `exercise.json questions[${index}]`;
  const item = object(value, where);
  const id = text(item, 'id', where)!;
  if (seen.has(id)) throw new ExerciseError(`${where}.id: "${id}" is used twice`);
  seen.add(id);
  const kind = own(item, 'kind');
  if (kind !== 'text' && kind !== 'choice' && kind !== 'rule') throw new ExerciseError(`${where}.kind: expected "text", "choice" or "rule"`);
  const answers = texts(item, 'answers', where);
  if (answers.length === 0) throw new ExerciseError(`${where}.answers: at least one accepted answer`);
  const options = kind === 'choice' ? texts(item, 'options', where) : undefined;
  if (options && !answers.every((answer) => options.includes(answer))) throw new ExerciseError(`${where}.answers: every accepted answer must be one of the options`);
  const hint = text(item, 'hint', where, true);
  const explanation = text(item, 'explanation', where, true);
  return {
    id,
    text: text(item, 'text', where)!,
    kind,
    ...(options ? { options } : {}),
    answers,
    points: number(item, 'points', where, (n) => n > 0, 'a number > 0') ?? 1,
    ...(hint !== undefined ? { hint } : {}),
    ...(explanation !== undefined ? { explanation } : {}),
  };
}

export function parseExerciseManifest(value: unknown): ExerciseManifest {
  const root = object(value, 'exercise.json');
  if (own(root, 'format') !== EXERCISE_FORMAT) throw new ExerciseError(`exercise.json: not a Loupe exercise (format ${JSON.stringify(own(root, 'format') ?? null)})`);
  if (own(root, 'version') !== EXERCISE_VERSION) throw new ExerciseError(`exercise.json: version ${JSON.stringify(own(root, 'version') ?? null)} is not one this Loupe reads (${EXERCISE_VERSION})`);
  const title = text(root, 'title', 'exercise.json')!;
  const description = own(root, 'description') ?? '';
  if (typeof description !== 'string') throw new ExerciseError('exercise.json.description: expected a string');
  const questions = own(root, 'questions');
  if (!Array.isArray(questions) || questions.length === 0) throw new ExerciseError('exercise.json questions: expected a non-empty list');
  const seen = new Set<string>();
  const evidence = texts(root, 'evidence', 'exercise.json');
  if (evidence.length === 0) throw new ExerciseError('exercise.json evidence: at least one evidence file');
  const timeLimitMinutes = number(root, 'timeLimitMinutes', 'exercise.json', (n) => n > 0, 'minutes > 0');
  return {
    format: EXERCISE_FORMAT,
    version: EXERCISE_VERSION,
    title,
    description,
    ...(timeLimitMinutes !== undefined ? { timeLimitMinutes } : {}),
    hintCost: number(root, 'hintCost', 'exercise.json', (n) => n >= 0 && n <= 1, 'a share from 0 to 1') ?? 0.5,
    evidence,
    rules: texts(root, 'rules', 'exercise.json', true),
    questions: questions.map((question, index) => questionOf(question, index, seen)),
  };
}
