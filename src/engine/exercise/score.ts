/**
 * Scoring a trainee's answers: each question's points when the answer is one it accepts, less the
 * hint's cost when its hint was shown; every question explained, right or wrong.
 */
import type { ExerciseManifest, Question } from './manifest.ts';

export interface QuestionResult {
  readonly id: string;
  readonly correct: boolean;
  readonly answered: boolean;
  readonly points: number;
  readonly maxPoints: number;
  readonly hintUsed: boolean;
  /** The accepted answer shown to the trainee (the first). */
  readonly expected: string;
  readonly explanation?: string;
}

export interface ExerciseScore {
  readonly points: number;
  readonly maxPoints: number;
  /** 0–100, one decimal. */
  readonly percent: number;
  readonly results: readonly QuestionResult[];
}

/** Case, surrounding and repeated whitespace do not count. */
export function normaliseAnswer(answer: string): string {
  return answer.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function isAccepted(question: Question, answer: string | undefined): boolean {
  if (answer === undefined || answer.trim() === '') return false;
  const given = normaliseAnswer(answer);
  return question.answers.some((accepted) => normaliseAnswer(accepted) === given);
}

export function scoreExercise(manifest: ExerciseManifest, answers: Readonly<Record<string, string>>, hintsShown: ReadonlySet<string>): ExerciseScore {
  const results = manifest.questions.map((question): QuestionResult => {
    const answer = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
    const correct = isAccepted(question, answer);
    const hintUsed = hintsShown.has(question.id) && question.hint !== undefined;
    const points = correct ? question.points * (hintUsed ? manifest.hintCost : 1) : 0;
    return {
      id: question.id,
      correct,
      answered: answer !== undefined && answer.trim() !== '',
      points,
      maxPoints: question.points,
      hintUsed,
      expected: question.answers[0]!,
      ...(question.explanation !== undefined ? { explanation: question.explanation } : {}),
    };
  });
  const points = results.reduce((sum, result) => sum + result.points, 0);
  const maxPoints = results.reduce((sum, result) => sum + result.maxPoints, 0);
  return { points, maxPoints, percent: maxPoints === 0 ? 0 : Math.round((1000 * points) / maxPoints) / 10, results };
}
