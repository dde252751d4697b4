/**
 * A training exercise being worked: the bundle's manifest, the trainee's answers and the hints
 * they opened, the clock, and the score once submitted (or once time ran out). The evidence is
 * scanned by the session like any dropped evidence; the trainee works the case with the normal
 * tools and answers here.
 */
import { SvelteSet } from 'svelte/reactivity';
import type { ExerciseManifest } from '../../engine/exercise/manifest.ts';
import { scoreExercise, type ExerciseScore } from '../../engine/exercise/score.ts';

export class ExerciseRun {
  answers: Readonly<Record<string, string>> = $state.raw({});
  /** Reactive: the panel shows a hint as soon as it is added. */
  readonly hintsShown = new SvelteSet<string>();
  score: ExerciseScore | undefined = $state.raw();
  /** Epoch ms when answers lock, with a time limit. */
  readonly deadline: number | undefined;

  constructor(
    readonly manifest: ExerciseManifest,
    readonly startedAt: number,
  ) {
    this.deadline = manifest.timeLimitMinutes !== undefined ? startedAt + manifest.timeLimitMinutes * 60_000 : undefined;
  }

  get submitted(): boolean {
    return this.score !== undefined;
  }

  answer(questionId: string, value: string): void {
    if (this.submitted) return;
    this.answers = { ...this.answers, [questionId]: value };
  }

  showHint(questionId: string): void {
    if (this.submitted || this.hintsShown.has(questionId)) return;
    this.hintsShown.add(questionId);
  }

  submit(): void {
    if (!this.submitted) this.score = scoreExercise(this.manifest, this.answers, this.hintsShown);
  }

  /** Milliseconds left at `now` (never below 0); undefined without a time limit. */
  remaining(now: number): number | undefined {
    return this.deadline === undefined ? undefined : Math.max(0, this.deadline - now);
  }
}
