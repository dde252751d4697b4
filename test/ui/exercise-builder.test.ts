// @vitest-environment jsdom
/** An instructor builds an exercise from the shown scan's evidence; the bundle reads back as trainees open it. */
import { createdBlobs } from './vitest.setup.ts';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import { readExerciseBundle } from '../../src/engine/exercise/bundle.ts';
import TrainingPanel from '../../src/ui/exercise/TrainingPanel.svelte';

it('builds a bundle with the evidence and the questions, and names what a draft lacks', async () => {
  const evidence = [{ path: 'case/host-a.ndjson', file: new File(['{"host":{"name":"a"}}\n'], 'host-a.ndjson') }];
  render(TrainingPanel, { busy: false, evidence, sample: false, onopen: () => undefined, onsample: () => undefined });
  await userEvent.click(screen.getByTestId('exercise-build'));
  createdBlobs.length = 0;
  await userEvent.click(screen.getByTestId('builder-download'));
  expect((await screen.findByTestId('builder-problem')).textContent).toBe('exercise.json.title: expected a non-empty string');
  expect(createdBlobs).toHaveLength(0);

  await userEvent.type(screen.getByTestId('builder-title'), 'Find host a');
  await userEvent.type(screen.getByTestId('builder-question-0'), 'Which host?');
  await userEvent.type(screen.getByTestId('builder-answers-0'), 'a{enter}host-a');
  await userEvent.click(screen.getByTestId('builder-download'));
  await waitFor(() => expect(createdBlobs).toHaveLength(1));
  const bundle = readExerciseBundle(new Uint8Array(await createdBlobs[0]!.arrayBuffer()));
  expect(bundle.manifest).toMatchObject({ title: 'Find host a', timeLimitMinutes: 30, evidence: ['evidence/1-host-a.ndjson'], questions: [{ id: 'q1', kind: 'text', text: 'Which host?', answers: ['a', 'host-a'], points: 1 }] });
  expect(new TextDecoder().decode(bundle.evidence[0]!.bytes)).toBe('{"host":{"name":"a"}}\n');
});
