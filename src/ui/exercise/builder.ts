/**
 * The exercise builder's draft (plain data, edited by ExerciseBuilder.svelte) and how it becomes
 * a bundle: the manifest checked by the same parser trainees' bundles go through, the evidence
 * files stored as they are.
 */
import { writeExerciseBundle } from '../../engine/exercise/bundle.ts';
import { EXERCISE_FORMAT, EXERCISE_VERSION, parseExerciseManifest, type QuestionKind } from '../../engine/exercise/manifest.ts';
import type { EvidenceFile } from '../scan-client.ts';

export interface DraftQuestion {
  kind: QuestionKind;
  text: string;
  /** One per line. */
  options: string;
  /** One per line. */
  answers: string;
  points: number;
  hint: string;
  explanation: string;
}

export interface ExerciseDraft {
  title: string;
  description: string;
  /** 0: no limit. */
  timeLimitMinutes: number;
  questions: DraftQuestion[];
}

export function emptyQuestion(): DraftQuestion {
  return { kind: 'text', text: '', options: '', answers: '', points: 1, hint: '', explanation: '' };
}

const lines = (text: string): string[] => text.split('\n').map((line) => line.trim()).filter((line) => line !== '');

/** The bundle's bytes; throws the manifest parser's error (naming the field) for a draft that is not complete. */
export async function buildBundle(draft: ExerciseDraft, evidence: readonly EvidenceFile[]): Promise<Uint8Array> {
  const paths = evidence.map((file, index) => `evidence/${index + 1}-${file.path.replace(/^.*[\\/]/, '')}`);
  const manifest = parseExerciseManifest({
    format: EXERCISE_FORMAT,
    version: EXERCISE_VERSION,
    title: draft.title,
    description: draft.description,
    ...(draft.timeLimitMinutes > 0 ? { timeLimitMinutes: draft.timeLimitMinutes } : {}),
    evidence: paths,
    questions: draft.questions.map((question, index) => ({
      id: `q${index + 1}`,
      text: question.text,
      kind: question.kind,
      ...(question.kind === 'choice' ? { options: lines(question.options) } : {}),
      answers: lines(question.answers),
      points: question.points,
      ...(question.hint.trim() !== '' ? { hint: question.hint.trim() } : {}),
      ...(question.explanation.trim() !== '' ? { explanation: question.explanation.trim() } : {}),
    })),
  });
  const members = await Promise.all(evidence.map(async ({ file }, index) => ({ path: paths[index]!, bytes: new Uint8Array(await file.arrayBuffer()) })));
  return writeExerciseBundle(manifest, members);
}
